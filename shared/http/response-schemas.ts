/**
 * The JSON the API answers with, as zod schemas: the contract. Routes parse every body through its schema
 * (schema-response.ts), so a member the application holds but the contract does not name never reaches a client;
 * the OpenAPI document is generated from these schemas (openapi.ts); the SDK's types are inferred from them.
 * This module imports nothing but zod, so the SDK and the browser bundle can take its types.
 */
import { z } from 'zod';

/** An ISO 8601 instant, as the application writes them (`toISOString`). */
export const instant = z.iso.datetime({ offset: true });

const id = (what: string) => z.string().meta({ description: `${what} id` });

/** The cursor member of every page. */
export const nextCursor = z
  .string()
  .optional()
  .meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' });

export const fieldIssue = z.object({ path: z.string(), message: z.string() }).meta({ id: 'FieldIssue' });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. `invalid_request`, `not_an_image`.' }),
      message: z.string().meta({ description: 'Human-readable explanation.' }),
      details: z
        .array(fieldIssue)
        .optional()
        .meta({ description: 'For `invalid_request`: every problem, with the path of the field.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error response has this body.' });

const ENROLLMENT_STATUSES = ['pending', 'processing', 'active', 'rejected'] as const;
export const enrollmentStatus = z.enum(ENROLLMENT_STATUSES);

export const signedUpload = z
  .object({
    url: z.string().meta({ format: 'uri' }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: instant,
  })
  .meta({
    id: 'SignedUpload',
    description: 'Where and how to upload the enrollment photo: send exactly these headers with a PUT.',
  });

export const enrollmentStarted = z
  .object({ enrollmentId: id('Enrollment'), userId: id('User'), status: z.literal('pending'), upload: signedUpload })
  .meta({ id: 'EnrollmentStarted' });

export const enrollment = z
  .object({
    enrollmentId: id('Enrollment'),
    userId: id('User'),
    status: enrollmentStatus,
    reason: z.string().optional().meta({ description: 'Why the enrollment was rejected, e.g. `no_face`, `blurred`.' }),
    quality: z.record(z.string(), z.unknown()).optional().meta({ description: 'Quality measurements of the photo.' }),
  })
  .meta({ id: 'Enrollment' });

export const challenge = z
  .object({
    challengeId: id('Challenge'),
    nonce: z.string().meta({ description: 'base64url of 32 random bytes.' }),
    tenantId: id('Tenant'),
    expiresAt: instant,
    prompt: z.enum(['turn_left', 'turn_right']).optional().meta({
      description:
        "Only when the tenant wants an active challenge: which way to turn the head (the user's own left/right).",
    }),
    possession: z
      .boolean()
      .optional()
      .meta({
        description:
          'Only when the tenant requires possession: send `passkey` (a WebAuthn assertion over `nonce`) or, for an ' +
          'account without a passkey yet, a device key `signature` with verify.',
      }),
    burst: z.boolean().optional().meta({
      description: 'Only when the tenant requires a liveness burst: send 2-5 `burst` frames taken after the capture.',
    }),
    light: z
      .array(z.enum(['red', 'green', 'blue']))
      .optional()
      .meta({
        description:
          'Only when the tenant wants the light challenge: fill the screen with each colour in turn and take one ' +
          '`burst` frame under each, in order.',
      }),
  })
  .meta({
    id: 'Challenge',
    description:
      'A single-use login challenge; its `nonce` is also the WebAuthn challenge of a passkey assertion. Device key (before a passkey): sign, with the device key (ECDSA P-256, SHA-256, raw r||s ' +
      'signature as base64url), the UTF-8 text of the lines `facegate-possession-v1`, `tenantId`, the username ' +
      '(trimmed, lower-cased), `challengeId` and `nonce`, joined by `\n`. Active challenge: send the frame facing ' +
      'the camera as `image` and frames taken while turning the head as `prompt` asks as `frames`.',
  });

export const settings = z
  .object({
    requirePossession: z.boolean().meta({
      description:
        'Enrollment needs a `passkey` (or, on a device without one, a `deviceKey`); verify needs the challenge answered by it (else `possession_required`/`possession_invalid`).',
    }),
    activeChallenge: z.boolean().meta({
      description:
        'Verify needs challenge frames that turn the head as the challenge prompt asks (else `challenge_required`/`challenge_failed`).',
    }),
    requireBurst: z.boolean().meta({
      description:
        'Verify needs a liveness burst of 2-5 frames (`burst`); else `burst_required`. Off: a burst is checked when sent.',
    }),
    lightChallenge: z.boolean().meta({
      description:
        "The burst must follow the challenge's `light` colour sequence on the face (else `light_challenge_failed`).",
    }),
  })
  .meta({ id: 'Settings' });

export const decision = z.enum(['granted', 'denied']);

export const verifyResult = z
  .object({
    decision,
    score: z.number().optional().meta({
      description: 'Similarity of the photo to the claimed user. Never on a denial answered to a client key.',
    }),
    threshold: z
      .number()
      .optional()
      .meta({ description: 'Similarity needed for a match. Never on a denial answered to a client key.' }),
    reason: z
      .string()
      .optional()
      .meta({
        description:
          'Why access was denied. A client key sees only reasons that do not depend on the account: capture ' +
          'problems (`no_face`, `face_too_small`, …, `spoof_suspected`), `possession_required`, ' +
          '`challenge_required`, and `not_verified` for everything else (unknown user, no match, not enrolled, ' +
          'locked account, invalid possession proof or failed challenge), so a denial never tells whether a ' +
          'username exists. Operator keys and the attempts log see the precise reason (`no_match`, ' +
          '`unknown_user`, `locked_out` as 429, `possession_invalid`, `challenge_failed`, …).',
      }),
    userId: id('User').optional(),
    token: z.string().optional().meta({
      description:
        "Only when granted: a short-lived ES256 JWT whose `iss` is `<FACEGATE_JWT_ISSUER>/t/<tenantId>`, verifiable with that issuer's `/.well-known/jwks.json`.",
    }),
  })
  .meta({ id: 'VerifyResult' });

export const identifyResult = z
  .object({
    decision,
    userId: id('User').optional(),
    username: z.string().optional(),
    displayName: z
      .string()
      .optional()
      .meta({ description: 'The display name given at enrollment, when there is one.' }),
    score: z.number().optional(),
    reason: z
      .string()
      .optional()
      .meta({
        description:
          'Why no one was identified: a capture problem, or `no_match` (to a client key, also for `ambiguous_match`, ' +
          'and with no score: operator keys see both).',
      }),
  })
  .meta({ id: 'IdentifyResult' });

/** A public key: only the public members are named, so a private one (`d`) could never be served. */
const publicJwk = z.object({
  kty: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  kid: z.string(),
  alg: z.string().optional(),
  use: z.string().optional(),
});

export const jwks = z.object({ keys: z.array(publicJwk) }).meta({
  id: 'Jwks',
  description: 'The public keys that verify access tokens (RFC 7517); two during a key rotation.',
});

export const user = z
  .object({
    userId: id('User'),
    username: z.string(),
    displayName: z.string().optional(),
    email: z.string().optional().meta({ format: 'email' }),
    status: z.enum([...ENROLLMENT_STATUSES, 'none']),
    templates: z.number().int().min(0).meta({ description: 'Stored face templates.' }),
    createdAt: instant,
    lockedUntil: instant.optional().meta({
      description: 'While the account is locked out (from any client), until when; absent when it is not.',
    }),
  })
  .meta({ id: 'User' });

export const userList = z.object({ users: z.array(user), nextCursor }).meta({ id: 'UserList' });

/** A user's passkey as an operator sees it: never the public key or the credential id. */
export const passkeyCredential = z
  .object({
    passkeyId: id('Passkey'),
    createdAt: instant,
    lastUsedAt: instant.optional().meta({ description: 'The last accepted login with it; absent before the first.' }),
    transports: z
      .array(z.string())
      .meta({ description: 'How the browser reached the authenticator (`internal`, `usb`, `hybrid`, …).' }),
  })
  .meta({ id: 'PasskeyCredential' });

/** A user's older device key as an operator sees it: never the key itself. Its uses are not recorded. */
export const deviceKeyCredential = z
  .object({
    deviceKeyId: id('Device key'),
    createdAt: instant,
    superseded: z.boolean().meta({
      description: 'True when the account has a passkey: from then on the device key is no longer accepted.',
    }),
  })
  .meta({ id: 'DeviceKeyCredential' });

export const userDetail = z
  .object({
    user,
    photos: z.array(z.object({ captureId: id('Capture'), createdAt: instant })),
    passkeys: z.array(passkeyCredential).meta({ description: 'Oldest first; each can be revoked.' }),
    deviceKeys: z.array(deviceKeyCredential).meta({ description: 'At most one; it can be revoked.' }),
  })
  .meta({
    id: 'UserDetail',
    description:
      "A user, their enrollment photos' ids, newest first (each photo is fetched on its own), and their possession " +
      'credentials (passkeys and the older device key) without key material.',
  });

export const unlockResult = z
  .object({
    userId: id('User'),
    wasLocked: z.boolean().meta({ description: 'Whether the account was locked at that moment.' }),
  })
  .meta({ id: 'UnlockResult' });

export const webhookStatus = z
  .object({ configured: z.boolean(), url: z.string().optional().meta({ format: 'uri' }) })
  .meta({
    id: 'WebhookStatus',
    description: 'Whether alerts are POSTed to a webhook, and where; the secret is shown only when it is set.',
  });

export const webhook = z
  .object({
    url: z.string().meta({ format: 'uri' }),
    secret: z.string().meta({ description: 'The signing secret; keep it to check `FaceGate-Signature`.' }),
  })
  .meta({ id: 'Webhook' });

export const health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.record(z.string(), z.string()),
    modelVersion: z.string(),
    backend: z.string(),
  })
  .meta({ id: 'Health' });
