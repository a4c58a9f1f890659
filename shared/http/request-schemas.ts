/**
 * The shapes the API accepts, as zod schemas. The HTTP layer checks only shape and size here (so a malformed
 * request is a 400 with every problem listed); the use cases own the business rules (username normalisation,
 * password policy, which image types are supported).
 */
import { z } from 'zod';
import { AppError } from '../app/app-error.js';
import { instant } from './response-schemas.js';

/** Longest value of each free-text field, in characters; matches the database's column sizes. */
export const FIELD_LIMITS = {
  username: 128,
  displayName: 200,
  email: 320,
  password: 1024,
  search: 200,
  cursor: 512,
  challengeId: 64,
  /** base64url of a 64-byte ES256 signature is 86 characters; a little room for a client's padding. */
  signature: 128,
  /** A FaceGate access token (ES256 JWT with a handful of claims) is well under 1 KiB. */
  ownerToken: 4096,
  /** A WebAuthn response as JSON (credential id, client data, authenticator data, signature, attestation). */
  passkey: 24_576,
} as const;

/** Most challenge frames a verify may carry (an active challenge needs one; two give a slow turn a chance). */
export const MAX_CHALLENGE_FRAMES = 2;

/** A liveness burst: 2-5 frames after the capture (3-6 views of the face over about a second). */
export const MIN_BURST_FRAMES = 2;
export const MAX_BURST_FRAMES = 5;

/** Largest page `GET /v1/users` returns. */
export const MAX_PAGE_SIZE = 100;

/** `null` is as good as absent: many JSON clients send it for an empty optional field. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/**
 * An optional query parameter. Unlike JSON fields a query string cannot carry null, so the document says just the
 * value's type: the schemas below are registered as the operations' `request.query` and parse the query at runtime.
 */
const inQuery = <T extends z.ZodType>(schema: T) => schema.optional();

/**
 * A page size in a query string: a whole number from 1 to `max`. The string is parsed here; the document shows
 * the integer a caller means (its meta replaces the string pattern the generator would otherwise print).
 */
const pageLimit = (max: number) =>
  inQuery(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(max))
      .meta({ type: 'integer', minimum: 1, maximum: max, description: `A whole number from 1 to ${max}.` }),
  );

const pageCursor = inQuery(
  z.string().min(1).max(FIELD_LIMITS.cursor).meta({ description: '`nextCursor` of the previous page.' }),
);

const username = z
  .string()
  .max(FIELD_LIMITS.username)
  .refine((value) => value.trim() !== '', 'must not be empty');

/** `POST /v1/enrollments` */
export const startEnrollmentBody = z
  .object({
    username,
    displayName: optional(z.string().min(1).max(FIELD_LIMITS.displayName)),
    email: optional(z.email().max(FIELD_LIMITS.email)),
    password: optional(
      z.string().min(1).max(FIELD_LIMITS.password).meta({
        writeOnly: true,
        description: 'Refused with 400 `password_not_supported`: FaceGate logs in by face and stores no password.',
      }),
    ),
    /** The type the client will upload (default image/jpeg); the use case decides which types it supports. */
    contentType: optional(
      z
        .string()
        .regex(/^image\/[a-z0-9][a-z0-9.+-]{0,63}$/, 'must be an image/* media type')
        .meta({ description: 'Type of the image the client will upload; default image/jpeg.' }),
    ),
    /** A public JWK; the use case checks it strictly (EC, P-256, on the curve, no private part). */
    deviceKey: optional(
      z
        .record(z.string(), z.unknown())
        .refine((jwk) => Object.keys(jwk).length <= 16, 'must be a JWK (a few members), not a larger object')
        .meta({
          id: 'DevicePublicKey',
          description:
            'The public half of a non-extractable ECDSA P-256 key the browser made for this user ' +
            "(`crypto.subtle.exportKey('jwk', publicKey)`): `kty` EC, `crv` P-256, `x` and `y` (43 base64url " +
            'characters each), optionally `alg` ES256, `ext`, `key_ops` [verify], `use` sig. Required when the ' +
            'tenant requires possession; refused (`invalid_device_key`) unless EC, P-256, a point on the curve, and ' +
            'without a private member `d`.',
        }),
    ),
    /** Re-enrollment of an active account with a client key: a FaceGate token of that account. */
    ownerToken: optional(
      z
        .string()
        .min(1)
        .max(FIELD_LIMITS.ownerToken)
        .meta({
          writeOnly: true,
          description:
            'Re-enrolling an account that has been active with a client key: a FaceGate token issued to that ' +
            'account (a fresh login). Without it such a start is refused (409 `username_taken`); operator keys need ' +
            'none. A token of another account is refused (403 `ownership_proof_invalid`).',
        }),
    ),
    /** `{challengeId, response}`: a WebAuthn registration; the use case checks its shape and the ceremony. */
    passkey: optional(
      z
        .record(z.string(), z.unknown())
        .refine(fitsPasskeyLimit, 'is too large for a passkey')
        .meta({
          description:
            'Possession by passkey: `{challengeId, response}`, the challenge from `POST /v1/challenges` and the ' +
            "browser's WebAuthn registration response (`@simplewebauthn/browser` `startRegistration`). User " +
            'verification and a device-bound credential are required; the origin must be one the key allows.',
        }),
    ),
  })
  .meta({ id: 'StartEnrollmentRequest' });

function fitsPasskeyLimit(value: unknown): boolean {
  return JSON.stringify(value).length <= FIELD_LIMITS.passkey;
}

/** A WebAuthn authentication response: an object in JSON bodies, its JSON text in a multipart field. */
const passkeyAssertion = z.union([
  z
    .string()
    .max(FIELD_LIMITS.passkey)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be the JSON of a WebAuthn response' });
        return z.NEVER;
      }
    }),
  z.record(z.string(), z.unknown()).refine(fitsPasskeyLimit, 'is too large for a passkey response'),
]);

/** The login-factor fields verify takes besides the capture (see `POST /v1/challenges`). */
const factorFields = {
  challengeId: optional(
    z.string().min(1).max(FIELD_LIMITS.challengeId).meta({ description: 'From `POST /v1/challenges`.' }),
  ),
  signature: optional(
    z.string().min(1).max(FIELD_LIMITS.signature).meta({
      description: 'Possession: base64url ES256 signature (r||s) of the challenge text by the device key.',
    }),
  ),
  passkey: optional(
    passkeyAssertion.meta({
      description:
        "Possession by passkey: the browser's WebAuthn authentication response for the challenge's nonce " +
        '(an object in JSON bodies, its JSON text in a multipart field).',
    }),
  ),
};

/** An image inside JSON. */
const inlineImage = z.string().min(1).meta({
  id: 'InlineImage',
  description: 'The photo as base64 (standard or URL-safe) or as a data: URL (`data:image/jpeg;base64,...`).',
  contentEncoding: 'base64',
});

/** Active challenge frames inside JSON. */
const challengeFrames = z
  .array(inlineImage)
  .min(1)
  .max(MAX_CHALLENGE_FRAMES)
  .meta({ description: 'Active challenge: frames taken while turning the head as the prompt asked.' });

/** A liveness burst inside JSON. */
const burstFrames = z.array(inlineImage).min(MIN_BURST_FRAMES).max(MAX_BURST_FRAMES).meta({
  description:
    'Liveness burst: frames taken over about a second after `image` (light challenge: one per colour, in order).',
});

/** `POST /v1/verify` as JSON; `image` is base64 or a data: URL, decoded afterwards. */
export const verifyJsonBody = z
  .object({
    username,
    image: inlineImage,
    ...factorFields,
    frames: optional(challengeFrames),
    burst: optional(burstFrames),
  })
  .meta({ id: 'VerifyJsonRequest' });

/**
 * The text fields of an identify: the challenge of the tenant's liveness policy. No possession proof: identify names
 * nobody before the face, so a tenant that requires possession denies it `possession_required`.
 */
export const identifyFormFields = z.object({ challengeId: factorFields.challengeId });

/** `POST /v1/identify` as JSON: the capture and, as the tenant's settings ask, a challenge, a burst, turn frames. */
export const identifyJsonBody = z
  .object({
    image: inlineImage,
    ...identifyFormFields.shape,
    frames: optional(challengeFrames),
    burst: optional(burstFrames),
  })
  .meta({ id: 'IdentifyJsonRequest' });

/** The text fields of a multipart verify form (extra fields are ignored). */
export const verifyFormFields = z.object({ username, ...factorFields });

/** `PATCH /v1/settings`: the settings to change; the others stay as they are. */
export const updateSettingsBody = z
  .strictObject({
    requirePossession: optional(z.boolean()),
    activeChallenge: optional(z.boolean()),
    requireBurst: optional(z.boolean()),
    lightChallenge: optional(z.boolean()),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'name at least one setting')
  .meta({ id: 'SettingsPatch', description: 'The settings to change (at least one); the others stay.' });

/** `GET /v1/users` query string (values arrive as strings). */
export const listUsersQuery = z.object({
  search: inQuery(z.string().max(FIELD_LIMITS.search).meta({ description: 'Substring of username, name or email.' })),
  limit: pageLimit(MAX_PAGE_SIZE),
  cursor: pageCursor,
});

/** One problem with a request, as listed in `error.details`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Parses `value` with `schema`.
 * @throws AppError 400 `invalid_request` whose details list every issue with its field path.
 */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.output<T> {
  // reportInput tells a missing field from a wrong one; the input itself never goes into the response.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const details: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new AppError(400, 'invalid_request', `invalid ${what}: ${summary}`, { details });
}

/** Largest page `GET /v1/attempts` returns. */
export const MAX_ATTEMPTS_PAGE_SIZE = 1000;

/** `GET /v1/attempts` query string. */
export const listAttemptsQuery = z.object({
  kind: inQuery(z.enum(['verify', 'identify'])),
  outcome: inQuery(z.enum(['granted', 'denied', 'error'])),
  userId: inQuery(z.string().min(1).max(64)),
  username: inQuery(
    z.string().min(1).max(128).meta({ description: 'The attempts of this user (an unknown username matches none).' }),
  ),
  since: inQuery(instant.meta({ description: 'Inclusive.' })),
  until: inQuery(instant.meta({ description: 'Exclusive.' })),
  limit: pageLimit(MAX_ATTEMPTS_PAGE_SIZE),
  cursor: pageCursor,
});

/** `GET /v1/metrics` query string; the use case checks the window and bucket rules. */
export const metricsQuery = z.object({
  from: inQuery(instant.meta({ description: 'Inclusive; default `to` minus 24 hours.' })),
  to: inQuery(instant.meta({ description: 'Exclusive; default now. The window spans at most 92 days.' })),
  bucket: inQuery(
    z
      .string()
      .regex(/^\d{1,6}[smhd]$/, 'must be a whole number of s, m, h or d, e.g. 5m')
      .meta({
        description:
          'Bucket width: a whole number of `s`, `m`, `h` or `d`, at least 1 minute, at most 1000 buckets (e.g. `5m`, `1h`). Default: the narrowest of 1m, 5m, 15m, 1h, 6h, 1d, 7d giving at most 48 buckets.',
      }),
  ),
});

/** `POST /v1/attempts/{attemptId}/label` */
export const labelAttemptBody = z
  .object({
    label: z.enum(['genuine', 'impostor', 'fraud']),
    note: optional(z.string().max(500)),
  })
  .meta({
    id: 'LabelAttemptRequest',
    description:
      '`genuine`: it was the person claimed or matched; `impostor`: someone else; `fraud`: a deliberate attack (photo, screen, mask). A grant labelled impostor or fraud counts as a false accept, a denial labelled genuine as a false reject.',
  });

/** Largest page `GET /v1/drift` returns. */
export const MAX_DRIFT_PAGE_SIZE = 200;

/** `GET /v1/drift` query string. */
export const listDriftQuery = z.object({
  limit: pageLimit(MAX_DRIFT_PAGE_SIZE),
  cursor: pageCursor,
});

/** Largest page `GET /v1/alerts` returns. */
export const MAX_ALERTS_PAGE_SIZE = 500;

/** `GET /v1/alerts` query string; kinds and statuses are checked by the use case. */
export const listAlertsQuery = z.object({
  kind: inQuery(z.string().regex(/^[a-z_]{1,32}$/, 'must be an alert kind')),
  severity: inQuery(z.enum(['low', 'medium', 'high', 'critical'])),
  status: inQuery(z.enum(['pending', 'delivered', 'undelivered', 'no_webhook'])),
  userId: inQuery(z.string().min(1).max(64)),
  acknowledged: inQuery(
    z
      .enum(['true', 'false'])
      .meta({ description: '`false`: only open alerts; `true`: only acknowledged ones.' })
      .transform((v) => v === 'true'),
  ),
  since: inQuery(instant.meta({ description: 'Inclusive.' })),
  until: inQuery(instant.meta({ description: 'Exclusive.' })),
  limit: pageLimit(MAX_ALERTS_PAGE_SIZE),
  cursor: pageCursor,
});

/** `PUT /v1/webhook`: the use case checks the URL's scheme and host. */
export const webhookBody = z
  .object({
    url: z.string().min(1).max(2048).meta({
      format: 'uri',
      description: 'https URL (plain http only for localhost) that receives each alert as a signed POST.',
    }),
    secret: optional(
      z.string().min(32).max(256).meta({
        writeOnly: true,
        description: 'HMAC-SHA256 key of the `FaceGate-Signature` header; generated when absent.',
      }),
    ),
  })
  .meta({ id: 'WebhookRequest' });
