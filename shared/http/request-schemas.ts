/**
 * The shapes the API accepts, as zod schemas. The HTTP layer checks only shape and size here (so a malformed
 * request is a 400 with every problem listed); the use cases own the business rules (username normalisation,
 * password policy, which image types are supported).
 */
import { z } from 'zod';
import { AppError } from '../app/app-error.js';

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

const username = z
  .string()
  .max(FIELD_LIMITS.username)
  .refine((value) => value.trim() !== '', 'must not be empty');

/** `POST /v1/enrollments` */
export const startEnrollmentBody = z.object({
  username,
  displayName: optional(z.string().min(1).max(FIELD_LIMITS.displayName)),
  email: optional(z.email().max(FIELD_LIMITS.email)),
  password: optional(z.string().min(1).max(FIELD_LIMITS.password)),
  /** The type the client will upload (default image/jpeg); the use case decides which types it supports. */
  contentType: optional(z.string().regex(/^image\/[a-z0-9][a-z0-9.+-]{0,63}$/, 'must be an image/* media type')),
  /** A public JWK; the use case checks it strictly (EC, P-256, on the curve, no private part). */
  deviceKey: optional(
    z
      .record(z.string(), z.unknown())
      .refine((jwk) => Object.keys(jwk).length <= 16, 'must be a JWK (a few members), not a larger object'),
  ),
  /** Re-enrollment of an active account with a client key: a FaceGate token of that account. */
  ownerToken: optional(z.string().min(1).max(FIELD_LIMITS.ownerToken)),
  /** `{challengeId, response}`: a WebAuthn registration; the use case checks its shape and the ceremony. */
  passkey: optional(z.record(z.string(), z.unknown()).refine(fitsPasskeyLimit, 'is too large for a passkey')),
});

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
  challengeId: optional(z.string().min(1).max(FIELD_LIMITS.challengeId)),
  signature: optional(z.string().min(1).max(FIELD_LIMITS.signature)),
  passkey: optional(passkeyAssertion),
};

/** `POST /v1/verify` as JSON; `image` is base64 or a data: URL, decoded afterwards. */
export const verifyJsonBody = z.object({
  username,
  image: z.string().min(1),
  ...factorFields,
  frames: optional(z.array(z.string().min(1)).min(1).max(MAX_CHALLENGE_FRAMES)),
  burst: optional(z.array(z.string().min(1)).min(MIN_BURST_FRAMES).max(MAX_BURST_FRAMES)),
});

/** `POST /v1/identify` as JSON. */
export const identifyJsonBody = z.object({ image: z.string().min(1) });

/** The text fields of a multipart verify form (identify needs none; extra fields are ignored). */
export const verifyFormFields = z.object({ username, ...factorFields });

/** `PATCH /v1/settings`: the settings to change; the others stay as they are. */
export const updateSettingsBody = z
  .strictObject({
    requirePossession: optional(z.boolean()),
    activeChallenge: optional(z.boolean()),
    requireBurst: optional(z.boolean()),
    lightChallenge: optional(z.boolean()),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'name at least one setting');

/** `GET /v1/users` query string (values arrive as strings). */
export const listUsersQuery = z.object({
  search: optional(z.string().max(FIELD_LIMITS.search)),
  limit: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE)),
  ),
  cursor: optional(z.string().min(1).max(FIELD_LIMITS.cursor)),
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

const instant = z.iso.datetime({ offset: true });

/** `GET /v1/attempts` query string. */
export const listAttemptsQuery = z.object({
  kind: optional(z.enum(['verify', 'identify'])),
  outcome: optional(z.enum(['granted', 'denied', 'error'])),
  userId: optional(z.string().min(1).max(64)),
  username: optional(z.string().min(1).max(128)),
  since: optional(instant),
  until: optional(instant),
  limit: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_ATTEMPTS_PAGE_SIZE)),
  ),
  cursor: optional(z.string().min(1).max(FIELD_LIMITS.cursor)),
});

/** `GET /v1/metrics` query string; the use case checks the window and bucket rules. */
export const metricsQuery = z.object({
  from: optional(instant),
  to: optional(instant),
  bucket: optional(z.string().regex(/^\d{1,6}[smhd]$/, 'must be a whole number of s, m, h or d, e.g. 5m')),
});

/** `POST /v1/attempts/{attemptId}/label` */
export const labelAttemptBody = z.object({
  label: z.enum(['genuine', 'impostor', 'fraud']),
  note: optional(z.string().max(500)),
});

/** Largest page `GET /v1/drift` returns. */
export const MAX_DRIFT_PAGE_SIZE = 200;

/** `GET /v1/drift` query string. */
export const listDriftQuery = z.object({
  limit: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_DRIFT_PAGE_SIZE)),
  ),
  cursor: optional(z.string().min(1).max(FIELD_LIMITS.cursor)),
});

/** Largest page `GET /v1/alerts` returns. */
export const MAX_ALERTS_PAGE_SIZE = 500;

/** `GET /v1/alerts` query string; kinds and statuses are checked by the use case. */
export const listAlertsQuery = z.object({
  kind: optional(z.string().regex(/^[a-z_]{1,32}$/, 'must be an alert kind')),
  severity: optional(z.enum(['low', 'medium', 'high', 'critical'])),
  status: optional(z.enum(['pending', 'delivered', 'undelivered', 'no_webhook'])),
  userId: optional(z.string().min(1).max(64)),
  acknowledged: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  since: optional(instant),
  until: optional(instant),
  limit: optional(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_ALERTS_PAGE_SIZE)),
  ),
  cursor: optional(z.string().min(1).max(FIELD_LIMITS.cursor)),
});

/** `PUT /v1/webhook`: the use case checks the URL's scheme and host. */
export const webhookBody = z.object({
  url: z.string().min(1).max(2048),
  secret: optional(z.string().min(32).max(256)),
});
