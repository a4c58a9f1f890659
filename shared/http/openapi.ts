/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. Written by hand as a typed object; the
 * tests check it against the router (same operations), the request schemas (same required fields) and real
 * responses (same members), so it cannot drift silently from the code.
 */
import type {
  OpenApiDocument,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from './openapi-types.js';
import {
  FIELD_LIMITS,
  MAX_ATTEMPTS_PAGE_SIZE,
  MAX_BURST_FRAMES,
  MAX_CHALLENGE_FRAMES,
  MIN_BURST_FRAMES,
  MAX_DRIFT_PAGE_SIZE,
  MAX_ALERTS_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './request-schemas.js';

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): ReferenceObject => ({ $ref: `#/components/responses/${name}` });
const json = (schema: SchemaObject | ReferenceObject) => ({ 'application/json': { schema } });
const nullableString = (extra: SchemaObject = {}): SchemaObject => ({ type: ['string', 'null'], ...extra });

const id = (what: string): SchemaObject => ({ type: 'string', maxLength: 64, description: `${what} id` });

const ENROLLMENT_STATUSES = ['pending', 'processing', 'active', 'rejected'] as const;
const ATTEMPT_LABEL_VALUES = ['genuine', 'impostor', 'fraud'] as const;

/** Verify's login-factor fields (see the Challenge schema). */
const challengeFields: Record<string, SchemaObject> = {
  challengeId: nullableString({ maxLength: FIELD_LIMITS.challengeId, description: 'From `POST /v1/challenges`.' }),
  signature: nullableString({
    maxLength: FIELD_LIMITS.signature,
    description:
      'Possession, accounts enrolled before passkeys: base64url ES256 signature (r||s) of the challenge text by the ' +
      'device key. Refused once the account has a passkey.',
  }),
  passkey: {
    type: ['object', 'string', 'null'],
    description:
      'Possession: the WebAuthn authentication response (`AuthenticationResponseJSON`; in a multipart form its JSON ' +
      "text) of the user's passkey, made with the challenge's `nonce` as WebAuthn challenge, the page's host " +
      "name as `rpId` and user verification, from an origin of the publishable key (or the service's own).",
  },
};

const schemas: Record<string, SchemaObject> = {
  Error: {
    type: 'object',
    description: 'Every error response has this body.',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: {
            type: 'string',
            description: 'Stable machine-readable code, e.g. `invalid_request`, `not_an_image`.',
          },
          message: { type: 'string', description: 'Human-readable explanation.' },
          details: {
            type: 'array',
            description: 'For `invalid_request`: every problem, with the path of the field.',
            items: ref('FieldIssue'),
          },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  },
  FieldIssue: {
    type: 'object',
    properties: { path: { type: 'string' }, message: { type: 'string' } },
    required: ['path', 'message'],
  },
  StartEnrollmentRequest: {
    type: 'object',
    properties: {
      username: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.username },
      displayName: nullableString({ minLength: 1, maxLength: FIELD_LIMITS.displayName }),
      email: nullableString({ format: 'email', maxLength: FIELD_LIMITS.email }),
      password: nullableString({
        minLength: 1,
        maxLength: FIELD_LIMITS.password,
        writeOnly: true,
        description: 'Refused with 400 `password_not_supported`: FaceGate logs in by face and stores no password.',
      }),
      contentType: nullableString({
        pattern: '^image/[a-z0-9][a-z0-9.+-]{0,63}$',
        description: 'Type of the image the client will upload; default image/jpeg.',
      }),
      deviceKey: ref('DevicePublicKey'),
      passkey: {
        type: ['object', 'null'],
        description:
          'A passkey to register (the possession factor): `challengeId` of a `POST /v1/challenges` and `response`, ' +
          'the WebAuthn registration response (`RegistrationResponseJSON`) made with its `nonce` as challenge, the ' +
          "page's host name as RP id, a platform authenticator, a discoverable credential and user verification " +
          "required, from an origin of the publishable key (or the service's own). Refused (`invalid_passkey`, " +
          '`passkey_not_device_bound` for a synced passkey, `passkey_origin_not_allowed`) otherwise.',
        properties: { challengeId: { type: 'string', maxLength: 64 }, response: { type: 'object' } },
        required: ['challengeId', 'response'],
      },
      ownerToken: nullableString({
        minLength: 1,
        maxLength: FIELD_LIMITS.ownerToken,
        writeOnly: true,
        description:
          'Re-enrolling an account that has been active with a client key: a FaceGate token issued to that ' +
          'account (a fresh login). Without it such a start is refused (409 `username_taken`); operator keys need ' +
          'none. A token of another account is refused (403 `ownership_proof_invalid`).',
      }),
    },
    required: ['username'],
  },
  DevicePublicKey: {
    type: 'object',
    description:
      'The public half of a non-extractable ECDSA P-256 key the browser made for this user ' +
      "(`crypto.subtle.exportKey('jwk', publicKey)`). Required when the tenant requires possession; refused " +
      '(`invalid_device_key`) unless EC, P-256, a point on the curve, and without a private member `d`.',
    properties: {
      kty: { type: 'string', const: 'EC' },
      crv: { type: 'string', const: 'P-256' },
      x: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
      y: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
      alg: { type: 'string', const: 'ES256' },
      ext: { type: 'boolean' },
      key_ops: { type: 'array', items: { type: 'string', const: 'verify' } },
      use: { type: 'string', const: 'sig' },
    },
    required: ['kty', 'crv', 'x', 'y'],
    additionalProperties: false,
  },
  Challenge: {
    type: 'object',
    description:
      'A single-use login challenge. Possession: a passkey signs `nonce` (WebAuthn, see `passkey` of verify); ' +
      'an account enrolled before passkeys may still sign, with the device key (ECDSA P-256, SHA-256, raw r||s ' +
      'signature as base64url), the UTF-8 text of the lines `facegate-possession-v1`, `tenantId`, the username ' +
      '(trimmed, lower-cased), `challengeId` and `nonce`, joined by `\n`. Active challenge: send the frame facing ' +
      'the camera as `image` and frames taken while turning the head as `prompt` asks as `frames`.',
    properties: {
      challengeId: id('Challenge'),
      nonce: { type: 'string', description: 'base64url of 32 random bytes.' },
      tenantId: id('Tenant'),
      expiresAt: { type: 'string', format: 'date-time' },
      prompt: {
        type: 'string',
        enum: ['turn_left', 'turn_right'],
        description:
          "Only when the tenant wants an active challenge: which way to turn the head (the user's own left/right).",
      },
      possession: {
        type: 'boolean',
        description: 'Only when the tenant requires possession: send `passkey` (or `signature`) with verify.',
      },
      burst: {
        type: 'boolean',
        description: 'Only when the tenant requires a liveness burst: send 2-5 `burst` frames taken after the capture.',
      },
      light: {
        type: 'array',
        items: { type: 'string', enum: ['red', 'green', 'blue'] },
        description:
          'Only when the tenant wants the light challenge: fill the screen with each colour in turn and take one ' +
          '`burst` frame under each, in order.',
      },
    },
    required: ['challengeId', 'nonce', 'tenantId', 'expiresAt'],
  },
  Settings: {
    type: 'object',
    properties: {
      requirePossession: {
        type: 'boolean',
        description:
          'Enrollment needs a `passkey` (or a `deviceKey`); verify needs a challenge signed by it (else `possession_required`/`possession_invalid`).',
      },
      activeChallenge: {
        type: 'boolean',
        description:
          'Verify needs challenge frames that turn the head as the challenge prompt asks (else `challenge_required`/`challenge_failed`).',
      },
      requireBurst: {
        type: 'boolean',
        description:
          'Verify needs a liveness burst of 2-5 frames (`burst`); else `burst_required`. Off: a burst is checked when sent.',
      },
      lightChallenge: {
        type: 'boolean',
        description:
          "The burst must follow the challenge's `light` colour sequence on the face (else `light_challenge_failed`).",
      },
    },
    required: ['requirePossession', 'activeChallenge', 'requireBurst', 'lightChallenge'],
  },
  SettingsPatch: {
    type: 'object',
    description: 'The settings to change (at least one); the others stay.',
    properties: {
      requirePossession: { type: 'boolean' },
      activeChallenge: { type: 'boolean' },
      requireBurst: { type: 'boolean' },
      lightChallenge: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  SignedUpload: {
    type: 'object',
    description: 'Where and how to upload the enrollment photo: send exactly these headers with a PUT.',
    properties: {
      url: { type: 'string', format: 'uri' },
      method: { type: 'string', const: 'PUT' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      expiresAt: { type: 'string', format: 'date-time' },
    },
    required: ['url', 'method', 'headers', 'expiresAt'],
  },
  EnrollmentStarted: {
    type: 'object',
    properties: {
      enrollmentId: id('Enrollment'),
      userId: id('User'),
      status: { type: 'string', const: 'pending' },
      upload: ref('SignedUpload'),
    },
    required: ['enrollmentId', 'userId', 'status', 'upload'],
  },
  Enrollment: {
    type: 'object',
    properties: {
      enrollmentId: id('Enrollment'),
      userId: id('User'),
      status: { type: 'string', enum: ENROLLMENT_STATUSES },
      reason: { type: 'string', description: 'Why the enrollment was rejected, e.g. `no_face`, `blurred`.' },
      quality: { type: 'object', description: 'Quality measurements of the photo.', additionalProperties: true },
    },
    required: ['enrollmentId', 'userId', 'status'],
  },
  InlineImage: {
    type: 'string',
    minLength: 1,
    description: 'The photo as base64 (standard or URL-safe) or as a data: URL (`data:image/jpeg;base64,...`).',
    contentEncoding: 'base64',
  },
  ImageFile: { type: 'string', contentMediaType: 'image/*', description: 'The photo (JPEG, PNG or WebP).' },
  VerifyJsonRequest: {
    type: 'object',
    properties: {
      username: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.username },
      image: ref('InlineImage'),
      ...challengeFields,
      frames: {
        type: ['array', 'null'],
        items: ref('InlineImage'),
        minItems: 1,
        maxItems: MAX_CHALLENGE_FRAMES,
        description: 'Active challenge: frames taken while turning the head as the prompt asked.',
      },
      burst: {
        type: ['array', 'null'],
        items: ref('InlineImage'),
        minItems: MIN_BURST_FRAMES,
        maxItems: MAX_BURST_FRAMES,
        description:
          'Liveness burst: frames taken over about a second after `image` (light challenge: one per colour, in order).',
      },
    },
    required: ['username', 'image'],
  },
  VerifyMultipartRequest: {
    type: 'object',
    properties: {
      username: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.username },
      image: ref('ImageFile'),
      ...challengeFields,
      frame: {
        type: 'array',
        items: ref('ImageFile'),
        maxItems: MAX_CHALLENGE_FRAMES,
        description: 'Active challenge: up to two file parts named `frame`, taken while turning the head.',
      },
      burst: {
        type: 'array',
        items: ref('ImageFile'),
        minItems: MIN_BURST_FRAMES,
        maxItems: MAX_BURST_FRAMES,
        description: 'Liveness burst: file parts named `burst`, in capture order.',
      },
    },
    required: ['username', 'image'],
  },
  VerifyResult: {
    type: 'object',
    properties: {
      decision: { type: 'string', enum: ['granted', 'denied'] },
      score: {
        type: 'number',
        description: 'Similarity of the photo to the claimed user. Never on a denial answered to a client key.',
      },
      threshold: {
        type: 'number',
        description: 'Similarity needed for a match. Never on a denial answered to a client key.',
      },
      reason: {
        type: 'string',
        description:
          'Why access was denied. A client key sees only reasons that do not depend on the account: capture ' +
          'problems (`no_face`, `face_too_small`, …, `spoof_suspected`), `possession_required`, ' +
          '`challenge_required`, and `not_verified` for everything else (unknown user, no match, not enrolled, ' +
          'locked account, invalid possession proof or failed challenge), so a denial never tells whether a ' +
          'username exists. Operator keys and the attempts log see the precise reason (`no_match`, ' +
          '`unknown_user`, `locked_out` as 429, `possession_invalid`, `challenge_failed`, …).',
      },
      userId: id('User'),
      token: {
        type: 'string',
        description:
          "Only when granted: a short-lived ES256 JWT whose `iss` is `<FACEGATE_JWT_ISSUER>/t/<tenantId>`, verifiable with that issuer's `/.well-known/jwks.json`.",
      },
    },
    required: ['decision'],
  },
  IdentifyJsonRequest: { type: 'object', properties: { image: ref('InlineImage') }, required: ['image'] },
  IdentifyMultipartRequest: { type: 'object', properties: { image: ref('ImageFile') }, required: ['image'] },
  IdentifyResult: {
    type: 'object',
    properties: {
      decision: { type: 'string', enum: ['granted', 'denied'] },
      userId: id('User'),
      username: { type: 'string' },
      displayName: { type: 'string', description: 'The display name given at enrollment, when there is one.' },
      score: { type: 'number' },
      reason: {
        type: 'string',
        description:
          'Why no one was identified: a capture problem, or `no_match` (to a client key, also for `ambiguous_match`, ' +
          'and with no score: operator keys see both).',
      },
    },
    required: ['decision'],
  },
  Jwks: {
    type: 'object',
    description: 'The public keys that verify access tokens (RFC 7517); two during a key rotation.',
    properties: {
      keys: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            kty: { type: 'string' },
            crv: { type: 'string' },
            x: { type: 'string' },
            y: { type: 'string' },
            kid: { type: 'string' },
            alg: { type: 'string' },
            use: { type: 'string' },
          },
          required: ['kty', 'kid'],
          additionalProperties: true,
        },
      },
    },
    required: ['keys'],
  },
  User: {
    type: 'object',
    properties: {
      userId: id('User'),
      username: { type: 'string' },
      displayName: { type: 'string' },
      email: { type: 'string', format: 'email' },
      status: { type: 'string', enum: [...ENROLLMENT_STATUSES, 'none'] },
      templates: { type: 'integer', minimum: 0, description: 'Stored face templates.' },
      createdAt: { type: 'string', format: 'date-time' },
      lockedUntil: {
        type: 'string',
        format: 'date-time',
        description: 'While the account is locked out (from any client), until when; absent when it is not.',
      },
    },
    required: ['userId', 'username', 'status', 'templates', 'createdAt'],
  },
  UserList: {
    type: 'object',
    properties: {
      users: { type: 'array', items: ref('User') },
      nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' },
    },
    required: ['users'],
  },
  Attempt: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      kind: { type: 'string', enum: ['verify', 'identify'] },
      outcome: { type: 'string', enum: ['granted', 'denied', 'error'] },
      score: { type: ['number', 'null'], description: 'Best similarity found, when a face was compared.' },
      threshold: { type: ['number', 'null'] },
      reason: { type: ['string', 'null'], description: 'Reason code of a denial or error.' },
      latencyMs: { type: 'number' },
      stageLatencies: { type: ['object', 'null'], additionalProperties: { type: 'number' } },
      modelVersion: { type: ['string', 'null'] },
      userId: { type: ['string', 'null'] },
      username: {
        type: ['string', 'null'],
        description: "The matched user's current username; null when none was matched or the user was erased.",
      },
      claimedUsername: { type: ['string', 'null'] },
      clientIp: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
      quality: {
        type: ['object', 'null'],
        description: 'Quality features of the capture (brightness, sharpness, faceSize, pose…), when a face was found.',
        additionalProperties: { type: 'number' },
      },
      livenessScore: {
        type: ['number', 'null'],
        description: 'Presentation-attack detection score (0..1, higher = live), when PAD ran.',
      },
      label: {
        type: ['object', 'null'],
        description: "The operator's verdict (POST /v1/attempts/{attemptId}/label).",
        properties: {
          label: { type: 'string', enum: ATTEMPT_LABEL_VALUES },
          note: { type: ['string', 'null'] },
          labelledAt: { type: 'string', format: 'date-time' },
        },
        required: ['label', 'note', 'labelledAt'],
      },
    },
    required: ['id', 'kind', 'outcome', 'latencyMs', 'createdAt'],
  },
  LabelAttemptRequest: {
    type: 'object',
    description:
      '`genuine`: it was the person claimed or matched; `impostor`: someone else; `fraud`: a deliberate attack (photo, screen, mask). A grant labelled impostor or fraud counts as a false accept, a denial labelled genuine as a false reject.',
    properties: {
      label: { type: 'string', enum: ATTEMPT_LABEL_VALUES },
      note: nullableString({ maxLength: 500 }),
    },
    required: ['label'],
  },
  Percentiles: {
    type: 'object',
    description: 'Milliseconds; linear interpolation between ranks.',
    properties: { p50: { type: 'number' }, p95: { type: 'number' }, p99: { type: 'number' } },
    required: ['p50', 'p95', 'p99'],
  },
  OutcomeCounts: {
    type: 'object',
    properties: { granted: { type: 'integer' }, denied: { type: 'integer' }, error: { type: 'integer' } },
    required: ['granted', 'denied', 'error'],
  },
  Metrics: {
    type: 'object',
    description: 'Online figures of the attempts in [from, to). docs/monitoring.md explains the estimates.',
    properties: {
      from: { type: 'string', format: 'date-time' },
      to: { type: 'string', format: 'date-time' },
      bucketSeconds: { type: 'number' },
      totals: {
        type: 'object',
        properties: {
          attempts: { type: 'integer' },
          outcomes: ref('OutcomeCounts'),
          reasons: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Denials by reason.' },
          throughputPerMinute: { type: 'number' },
          latency: {
            type: ['object', 'null'],
            description: 'p50/p95/p99 in milliseconds; null without attempts.',
            properties: { p50: { type: 'number' }, p95: { type: 'number' }, p99: { type: 'number' } },
          },
          stages: {
            type: 'object',
            description: 'Per analysis stage: decode, detect, align, embed, total.',
            additionalProperties: ref('Percentiles'),
          },
          labels: {
            type: 'object',
            properties: {
              genuine: { type: 'integer' },
              impostor: { type: 'integer' },
              fraud: { type: 'integer' },
            },
            required: ['genuine', 'impostor', 'fraud'],
          },
        },
        required: ['attempts', 'outcomes', 'reasons', 'throughputPerMinute', 'latency', 'stages', 'labels'],
      },
      buckets: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            start: { type: 'string', format: 'date-time' },
            attempts: { type: 'integer' },
            outcomes: ref('OutcomeCounts'),
            throughputPerMinute: { type: 'number' },
            latency: {
              type: ['object', 'null'],
              description: 'p50/p95/p99 in milliseconds; null for an empty bucket.',
              properties: { p50: { type: 'number' }, p95: { type: 'number' }, p99: { type: 'number' } },
            },
          },
          required: ['start', 'attempts', 'outcomes', 'throughputPerMinute', 'latency'],
        },
      },
      scores: {
        type: 'object',
        description:
          'Histogram of the scores of compared attempts, split by decision and by operator label, with the current threshold.',
        properties: {
          threshold: { type: 'number' },
          binWidth: { type: 'number' },
          bins: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'number' },
                to: { type: 'number' },
                granted: { type: 'integer' },
                denied: { type: 'integer' },
                labelledGenuine: { type: 'integer' },
                labelledImpostor: { type: 'integer' },
              },
              required: ['from', 'to', 'granted', 'denied', 'labelledGenuine', 'labelledImpostor'],
            },
          },
        },
        required: ['threshold', 'binWidth', 'bins'],
      },
      frr: {
        type: 'object',
        description:
          'False rejects = denials labelled genuine + unlabelled denials of a user followed by a grant for that user within linkWindowSeconds; estimate = falseRejects / genuineAttempts.',
        properties: {
          falseRejects: { type: 'integer' },
          linkedRetries: { type: 'integer' },
          labelledGenuine: { type: 'integer' },
          genuineAttempts: { type: 'integer' },
          estimate: { type: ['number', 'null'] },
          linkWindowSeconds: { type: 'number' },
        },
        required: [
          'falseRejects',
          'linkedRetries',
          'labelledGenuine',
          'genuineAttempts',
          'estimate',
          'linkWindowSeconds',
        ],
      },
      far: {
        type: 'object',
        description:
          'False accepts = grants labelled impostor or fraud; impostorAttempts adds denials labelled impostor/fraud and presumed impostors (unlabelled no_match/ambiguous_match denials with no grant after them); estimate = falseAccepts / impostorAttempts.',
        properties: {
          falseAccepts: { type: 'integer' },
          impostorAttempts: { type: 'integer' },
          presumedImpostors: { type: 'integer' },
          grants: { type: 'integer' },
          estimate: { type: ['number', 'null'] },
        },
        required: ['falseAccepts', 'impostorAttempts', 'presumedImpostors', 'grants', 'estimate'],
      },
      calibration: {
        type: 'object',
        description:
          "The threshold for this tenant's population: from its own gallery (every cross-user score of its enrolled templates is an impostor score) once it has `minUsers` users, never below `floor`; the pooled development calibration (`globalThreshold`) before that. `estimatedFar` is the share of the gallery's impostor scores at or above the threshold, `farUpper95` its one-sided 95% Clopper-Pearson bound.",
        properties: {
          modelVersion: { type: 'string' },
          threshold: { type: 'number' },
          source: { type: 'string', enum: ['global', 'gallery'] },
          targetFar: { type: 'number' },
          users: { type: 'integer' },
          minUsers: { type: 'integer' },
          impostorScores: { type: 'integer' },
          galleryThreshold: { type: ['number', 'null'] },
          globalThreshold: { type: 'number' },
          floor: { type: 'number' },
          estimatedFar: { type: 'number' },
          farUpper95: { type: 'number' },
        },
        required: [
          'modelVersion',
          'threshold',
          'source',
          'targetFar',
          'users',
          'minUsers',
          'impostorScores',
          'galleryThreshold',
          'globalThreshold',
          'floor',
          'estimatedFar',
          'farUpper95',
        ],
      },
    },
    required: ['from', 'to', 'bucketSeconds', 'totals', 'buckets', 'scores', 'frr', 'far'],
  },
  DriftWindow: {
    type: 'object',
    properties: {
      start: { type: 'string', format: 'date-time' },
      end: { type: 'string', format: 'date-time' },
      count: { type: 'integer', description: 'Captures observed in the window.' },
    },
    required: ['start', 'end', 'count'],
  },
  FeatureDrift: {
    type: 'object',
    description:
      'One feature: a quality feature, `genuineScore` (scores of granted attempts) or `templateCentroid` (meanShift = standardized centroid distance).',
    properties: {
      feature: { type: 'string' },
      referenceCount: { type: 'integer' },
      recentCount: { type: 'integer' },
      psi: { type: 'number' },
      ks: { type: 'number' },
      ksPValue: { type: 'number' },
      meanShift: { type: 'number' },
      referenceMean: { type: 'number' },
      recentMean: { type: 'number' },
      moved: { type: 'boolean' },
      severity: { type: 'string', enum: ['warning', 'alert'] },
      trigger: {
        type: 'object',
        properties: {
          statistic: { type: 'string', enum: ['psi', 'ks', 'mean_shift'] },
          value: { type: 'number' },
          threshold: { type: 'number' },
        },
        required: ['statistic', 'value', 'threshold'],
      },
    },
    required: ['feature', 'referenceCount', 'recentCount', 'moved'],
  },
  DriftReport: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      modelVersion: { type: 'string' },
      status: { type: 'string', enum: ['stable', 'drift', 'insufficient'] },
      severity: { type: ['string', 'null'], description: '`warning` or `alert`; null unless something moved.' },
      window: ref('DriftWindow'),
      reference: ref('DriftWindow'),
      moved: { type: 'array', items: { type: 'string' } },
      features: { type: 'array', items: ref('FeatureDrift') },
      createdAt: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'modelVersion', 'status', 'severity', 'window', 'reference', 'moved', 'features', 'createdAt'],
  },
  DriftReportList: {
    type: 'object',
    properties: {
      reports: { type: 'array', items: ref('DriftReport') },
      nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' },
    },
    required: ['reports'],
  },
  AttemptList: {
    type: 'object',
    properties: {
      attempts: { type: 'array', items: ref('Attempt') },
      nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' },
    },
    required: ['attempts'],
  },
  Alert: {
    type: 'object',
    description: 'A recorded `security.alert.v1` incident and the state of its webhook delivery.',
    properties: {
      alertId: id('Alert'),
      kind: {
        type: 'string',
        description:
          '`repeated_failures`, `account_locked`, `locked_account_attempt`, `spoof_suspected`, `duplicate_identity` or `identify_probing`.',
      },
      severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
      userId: id('User'),
      attemptIds: { type: 'array', items: { type: 'string' }, description: 'Attempts behind the alert, oldest first.' },
      summary: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      status: {
        type: 'string',
        enum: ['pending', 'delivered', 'undelivered', 'no_webhook'],
        description: 'Webhook delivery; `undelivered` alerts are kept and retried later.',
      },
      deliveryAttempts: { type: 'integer', minimum: 0 },
      lastError: { type: 'string', description: 'Why the last delivery failed, e.g. `HTTP 500`.' },
      triage: {
        type: 'object',
        description: "The optional triage model's reading (advice only).",
        properties: {
          summary: { type: 'string' },
          severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
          model: { type: 'string' },
        },
        required: ['summary', 'severity', 'model'],
      },
      acknowledgedAt: {
        type: 'string',
        format: 'date-time',
        description: 'When an operator acknowledged it (the first acknowledgement stands); absent while open.',
      },
      acknowledgedBy: { type: 'string', description: 'The id of the operator key that acknowledged it.' },
    },
    required: ['alertId', 'kind', 'severity', 'attemptIds', 'summary', 'createdAt', 'status', 'deliveryAttempts'],
  },
  AlertList: {
    type: 'object',
    properties: {
      alerts: { type: 'array', items: ref('Alert') },
      nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page.' },
    },
    required: ['alerts'],
  },
  UserDetail: {
    type: 'object',
    description: "A user and their enrollment photos' ids, newest first (each photo is fetched on its own).",
    properties: {
      user: ref('User'),
      photos: {
        type: 'array',
        items: {
          type: 'object',
          properties: { captureId: id('Capture'), createdAt: { type: 'string', format: 'date-time' } },
          required: ['captureId', 'createdAt'],
        },
      },
    },
    required: ['user', 'photos'],
  },
  WebhookStatus: {
    type: 'object',
    description: 'Whether alerts are POSTed to a webhook, and where; the secret is shown only when it is set.',
    properties: { configured: { type: 'boolean' }, url: { type: 'string', format: 'uri' } },
    required: ['configured'],
  },
  UnlockResult: {
    type: 'object',
    properties: {
      userId: id('User'),
      wasLocked: { type: 'boolean', description: 'Whether the account was locked at that moment.' },
    },
    required: ['userId', 'wasLocked'],
  },
  WebhookRequest: {
    type: 'object',
    properties: {
      url: {
        type: 'string',
        format: 'uri',
        maxLength: 2048,
        description: 'https URL (plain http only for localhost) that receives each alert as a signed POST.',
      },
      secret: {
        type: ['string', 'null'],
        minLength: 32,
        maxLength: 256,
        writeOnly: true,
        description: 'HMAC-SHA256 key of the `FaceGate-Signature` header; generated when absent.',
      },
    },
    required: ['url'],
  },
  Webhook: {
    type: 'object',
    properties: {
      url: { type: 'string', format: 'uri' },
      secret: { type: 'string', description: 'The signing secret; keep it to check `FaceGate-Signature`.' },
    },
    required: ['url', 'secret'],
  },
  Health: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      checks: { type: 'object', additionalProperties: { type: 'string' } },
      modelVersion: { type: 'string' },
      backend: { type: 'string' },
    },
    required: ['status', 'checks', 'modelVersion', 'backend'],
  },
};

const errorResponse = (description: string): ResponseObject => ({ description, content: json(ref('Error')) });

const responses: Record<string, ResponseObject> = {
  BadRequest: errorResponse(
    'Malformed JSON (`invalid_json`), multipart (`invalid_multipart`) or fields (`invalid_request`).',
  ),
  Unauthorized: errorResponse('Missing, unknown or revoked API key.'),
  Forbidden: errorResponse('The key may not do this (e.g. a client key on an operator route).'),
  NotFound: errorResponse('No such resource in this tenant.'),
  Conflict: errorResponse('The request conflicts with stored state, e.g. the username is taken.'),
  PayloadTooLarge: errorResponse('The body or the image exceeds the size limit.'),
  UnsupportedMediaType: errorResponse('The Content-Type is not accepted here.'),
  Unprocessable: errorResponse('The image cannot be used, e.g. `not_an_image`, `no_face`, `multiple_faces`.'),
  TooManyRequests: {
    description:
      'Too many attempts: `locked_out` (the account, after repeated failed logins; to operator keys only: a client key is told `not_verified`) or `rate_limited` (this client IP or API key).',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
    content: json(ref('Error')),
  },
  Internal: errorResponse('Unexpected failure; the body never carries internals.'),
};

const bearer = [{ bearerAuth: [] }] as const;
const anonymous = [] as const;

/** The error responses every authenticated operation can give. */
const authErrors = {
  '401': response('Unauthorized'),
  '403': response('Forbidden'),
  '429': response('TooManyRequests'),
  '500': response('Internal'),
};

const imageRequestBody = (json: string, multipart: string): OperationObject['requestBody'] => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: ref(multipart),
      encoding: { image: { contentType: 'image/jpeg, image/png, image/webp' } },
    },
    'application/json': { schema: ref(json) },
  },
});

const imageErrors = {
  '400': response('BadRequest'),
  '413': response('PayloadTooLarge'),
  '415': response('UnsupportedMediaType'),
  '422': response('Unprocessable'),
};

/** The document; `serverUrl` (the public base URL) is listed as its server when given. */
export function openApiDocument(options: { serverUrl?: string } = {}): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'FaceGate API',
      version: '1.0.0',
      description:
        'Face enrollment, verification (1:1) and identification (1:N), with an optional device-key possession ' +
        'factor and head-turn challenge per tenant. `/v1` routes take `Authorization: Bearer <API key>`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: bearer,
    paths: {
      '/v1/enrollments': {
        post: {
          operationId: 'startEnrollment',
          summary: 'Create a pending user and a signed URL to upload their enrollment photo',
          tags: ['enrollment'],
          requestBody: { required: true, content: json(ref('StartEnrollmentRequest')) },
          responses: {
            '201': {
              description: 'Enrollment started; PUT the photo to `upload.url`, then poll the enrollment.',
              headers: { Location: { description: 'The enrollment resource.', schema: { type: 'string' } } },
              content: json(ref('EnrollmentStarted')),
            },
            '400': response('BadRequest'),
            '409': response('Conflict'),
            '413': response('PayloadTooLarge'),
            '415': response('UnsupportedMediaType'),
            ...authErrors,
          },
        },
      },
      '/v1/enrollments/{enrollmentId}': {
        get: {
          operationId: 'getEnrollment',
          summary: 'Status of an enrollment: pending, processing, active or rejected (with a reason)',
          tags: ['enrollment'],
          parameters: [{ name: 'enrollmentId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The enrollment.', content: json(ref('Enrollment')) },
            '404': response('NotFound'),
            ...authErrors,
          },
        },
      },
      '/v1/verify': {
        post: {
          operationId: 'verify',
          summary: 'Verify (1:1): does this photo show the claimed user?',
          tags: ['authentication'],
          requestBody: imageRequestBody('VerifyJsonRequest', 'VerifyMultipartRequest'),
          responses: {
            '200': { description: 'The decision; a token when granted.', content: json(ref('VerifyResult')) },
            ...imageErrors,
            '404': response('NotFound'),
            ...authErrors,
          },
        },
      },
      '/v1/challenges': {
        post: {
          operationId: 'createChallenge',
          summary: 'A single-use, short-lived challenge for the next verify (possession factor, active challenge)',
          tags: ['authentication'],
          responses: {
            '201': { description: 'The challenge; use it once before `expiresAt`.', content: json(ref('Challenge')) },
            ...authErrors,
          },
        },
      },
      '/v1/settings': {
        get: {
          operationId: 'getSettings',
          summary: "The tenant's login settings (operator keys only)",
          tags: ['operators'],
          responses: { '200': { description: 'The settings.', content: json(ref('Settings')) }, ...authErrors },
        },
        patch: {
          operationId: 'updateSettings',
          summary: "Change the tenant's login settings (operator keys only)",
          tags: ['operators'],
          requestBody: { required: true, content: json(ref('SettingsPatch')) },
          responses: {
            '200': { description: 'The settings after the change.', content: json(ref('Settings')) },
            '400': response('BadRequest'),
            '415': response('UnsupportedMediaType'),
            ...authErrors,
          },
        },
      },
      '/v1/identify': {
        post: {
          operationId: 'identify',
          summary: 'Identify (1:N): who among the enrolled users is in this photo?',
          description: 'Granted only above the threshold and with a margin over the best other user.',
          tags: ['authentication'],
          requestBody: imageRequestBody('IdentifyJsonRequest', 'IdentifyMultipartRequest'),
          responses: {
            '200': { description: 'The decision.', content: json(ref('IdentifyResult')) },
            ...imageErrors,
            ...authErrors,
          },
        },
      },
      '/v1/users': {
        get: {
          operationId: 'listUsers',
          summary: 'List users (operator keys only)',
          tags: ['operators'],
          parameters: [
            {
              name: 'search',
              in: 'query',
              description: 'Substring of username, name or email.',
              schema: { type: 'string', maxLength: FIELD_LIMITS.search },
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE } },
            {
              name: 'cursor',
              in: 'query',
              description: '`nextCursor` of the previous page.',
              schema: { type: 'string', maxLength: FIELD_LIMITS.cursor },
            },
          ],
          responses: {
            '200': { description: 'One page of users.', content: json(ref('UserList')) },
            '400': response('BadRequest'),
            ...authErrors,
          },
        },
      },
      '/v1/attempts': {
        get: {
          operationId: 'listAttempts',
          summary: 'Login attempts, newest first (operator keys only)',
          tags: ['operators'],
          parameters: [
            { name: 'kind', in: 'query', schema: { type: 'string', enum: ['verify', 'identify'] } },
            { name: 'outcome', in: 'query', schema: { type: 'string', enum: ['granted', 'denied', 'error'] } },
            { name: 'userId', in: 'query', schema: { type: 'string', maxLength: 64 } },
            {
              name: 'username',
              in: 'query',
              description: 'The attempts of this user (an unknown username matches none).',
              schema: { type: 'string', maxLength: 128 },
            },
            { name: 'since', in: 'query', description: 'Inclusive.', schema: { type: 'string', format: 'date-time' } },
            { name: 'until', in: 'query', description: 'Exclusive.', schema: { type: 'string', format: 'date-time' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_ATTEMPTS_PAGE_SIZE } },
            {
              name: 'cursor',
              in: 'query',
              description: '`nextCursor` of the previous page.',
              schema: { type: 'string', maxLength: FIELD_LIMITS.cursor },
            },
          ],
          responses: {
            '200': { description: 'One page of attempts.', content: json(ref('AttemptList')) },
            '400': response('BadRequest'),
            ...authErrors,
          },
        },
      },
      '/v1/attempts/{attemptId}/label': {
        post: {
          operationId: 'labelAttempt',
          summary:
            'Label an attempt genuine, impostor or fraud: the ground truth of the online FAR/FRR (operator keys only)',
          description: 'A later label replaces an earlier one; every labelling is kept in the audit trail.',
          tags: ['operators'],
          parameters: [{ name: 'attemptId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json(ref('LabelAttemptRequest')) },
          responses: {
            '200': { description: 'The labelled attempt.', content: json(ref('Attempt')) },
            '400': response('BadRequest'),
            '404': response('NotFound'),
            '415': response('UnsupportedMediaType'),
            ...authErrors,
          },
        },
      },
      '/v1/metrics': {
        get: {
          operationId: 'metrics',
          summary:
            'Latency p50/p95/p99, throughput, outcomes, score histograms and online FAR/FRR estimates per time bucket (operator keys only)',
          tags: ['operators'],
          parameters: [
            {
              name: 'from',
              in: 'query',
              description: 'Inclusive; default `to` minus 24 hours.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'to',
              in: 'query',
              description: 'Exclusive; default now. The window spans at most 92 days.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'bucket',
              in: 'query',
              description:
                'Bucket width: a whole number of `s`, `m`, `h` or `d`, at least 1 minute, at most 1000 buckets (e.g. `5m`, `1h`). Default: the narrowest of 1m, 5m, 15m, 1h, 6h, 1d, 7d giving at most 48 buckets.',
              schema: { type: 'string', pattern: '^\\d{1,6}[smhd]$' },
            },
          ],
          responses: {
            '200': { description: 'The figures of the window.', content: json(ref('Metrics')) },
            '400': response('BadRequest'),
            '422': errorResponse(
              'The window holds more attempts than FACEGATE_METRICS_MAX_ATTEMPTS (`window_too_large`): ask for a shorter one.',
            ),
            ...authErrors,
          },
        },
      },
      '/v1/drift': {
        get: {
          operationId: 'listDriftReports',
          summary: 'Drift check history, newest first (operator keys only)',
          tags: ['operators'],
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_DRIFT_PAGE_SIZE } },
            {
              name: 'cursor',
              in: 'query',
              description: '`nextCursor` of the previous page.',
              schema: { type: 'string', maxLength: FIELD_LIMITS.cursor },
            },
          ],
          responses: {
            '200': { description: 'One page of drift reports.', content: json(ref('DriftReportList')) },
            '400': response('BadRequest'),
            ...authErrors,
          },
        },
      },
      '/v1/users/{userId}': {
        get: {
          operationId: 'getUser',
          summary: 'A user, with lockout state and enrollment photo ids (operator keys only)',
          tags: ['operators'],
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The user.', content: json(ref('UserDetail')) },
            '404': response('NotFound'),
            ...authErrors,
          },
        },
        delete: {
          operationId: 'deleteUser',
          summary: 'Erase a user: templates, captures, enrollments and stored photos (operator keys only)',
          tags: ['operators'],
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Erased.' }, '404': response('NotFound'), ...authErrors },
        },
      },
      '/v1/users/{userId}/unlock': {
        post: {
          operationId: 'unlockUser',
          summary: "Lift a user's lockout and forget their failed attempts (operator keys only)",
          tags: ['operators'],
          parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Unlocked.', content: json(ref('UnlockResult')) },
            '404': response('NotFound'),
            ...authErrors,
          },
        },
      },
      '/v1/alerts': {
        get: {
          operationId: 'listAlerts',
          summary: 'Security alerts, newest first (operator keys only)',
          tags: ['operators'],
          parameters: [
            { name: 'kind', in: 'query', schema: { type: 'string' } },
            { name: 'severity', in: 'query', schema: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] } },
            {
              name: 'status',
              in: 'query',
              schema: { type: 'string', enum: ['pending', 'delivered', 'undelivered', 'no_webhook'] },
            },
            { name: 'userId', in: 'query', schema: { type: 'string', maxLength: 64 } },
            {
              name: 'acknowledged',
              in: 'query',
              description: '`false`: only open alerts; `true`: only acknowledged ones.',
              schema: { type: 'string', enum: ['true', 'false'] },
            },
            { name: 'since', in: 'query', description: 'Inclusive.', schema: { type: 'string', format: 'date-time' } },
            { name: 'until', in: 'query', description: 'Exclusive.', schema: { type: 'string', format: 'date-time' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_ALERTS_PAGE_SIZE } },
            {
              name: 'cursor',
              in: 'query',
              description: '`nextCursor` of the previous page.',
              schema: { type: 'string', maxLength: FIELD_LIMITS.cursor },
            },
          ],
          responses: {
            '200': { description: 'One page of alerts.', content: json(ref('AlertList')) },
            '400': response('BadRequest'),
            ...authErrors,
          },
        },
      },
      '/v1/alerts/{alertId}/acknowledge': {
        post: {
          operationId: 'acknowledgeAlert',
          summary: 'Mark an alert as handled (operator keys only); the first acknowledgement stands and is audited',
          tags: ['operators'],
          parameters: [{ name: 'alertId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The alert, acknowledged.', content: json(ref('Alert')) },
            '404': response('NotFound'),
            ...authErrors,
          },
        },
      },
      '/v1/users/{userId}/photos/{captureId}': {
        get: {
          operationId: 'getUserPhoto',
          summary: 'One enrollment photo of a user, as stored (operator keys only; every view is audited)',
          tags: ['operators'],
          parameters: [
            { name: 'userId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'captureId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'The photo; `Cache-Control: private, no-store`.',
              content: {
                'image/jpeg': { schema: { type: 'string', format: 'binary' } },
                'image/png': { schema: { type: 'string', format: 'binary' } },
                'image/webp': { schema: { type: 'string', format: 'binary' } },
              },
            },
            '404': response('NotFound'),
            ...authErrors,
          },
        },
      },
      '/v1/webhook': {
        get: {
          operationId: 'getWebhook',
          summary: "Where the tenant's alerts are POSTed, without the secret (operator keys only)",
          tags: ['operators'],
          responses: {
            '200': { description: 'The webhook, or `configured: false`.', content: json(ref('WebhookStatus')) },
            ...authErrors,
          },
        },
        put: {
          operationId: 'setWebhook',
          summary: "Set the tenant's alert webhook (operator keys only)",
          description:
            'Each alert is POSTed as `{type, alert, triage?}` with `FaceGate-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. ' +
            'The host must be, and resolve only to, public addresses (400 `webhook_destination_refused` otherwise: private, ' +
            'loopback, link-local, metadata, unique-local, CGNAT, IPv4-mapped); checked again on every delivery; no redirects.',
          tags: ['operators'],
          requestBody: { required: true, content: json(ref('WebhookRequest')) },
          responses: {
            '200': { description: 'Set; the secret is shown here.', content: json(ref('Webhook')) },
            '400': response('BadRequest'),
            '415': response('UnsupportedMediaType'),
            ...authErrors,
          },
        },
        delete: {
          operationId: 'deleteWebhook',
          summary: "Remove the tenant's alert webhook (operator keys only)",
          tags: ['operators'],
          responses: { '204': { description: 'Removed.' }, ...authErrors },
        },
      },
      '/.well-known/jwks.json': {
        get: {
          operationId: 'jwks',
          summary: 'Public keys that verify access tokens',
          tags: ['tokens'],
          security: anonymous,
          responses: {
            '200': { description: 'The key set.', content: json(ref('Jwks')) },
            '500': response('Internal'),
          },
        },
      },
      '/t/{tenantId}/.well-known/jwks.json': {
        get: {
          operationId: 'tenantJwks',
          summary:
            "Public keys that verify a tenant's access tokens, under its issuer `<FACEGATE_JWT_ISSUER>/t/{tenantId}`",
          tags: ['tokens'],
          security: anonymous,
          parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'The key set (the same keys as /.well-known/jwks.json).',
              content: json(ref('Jwks')),
            },
            '404': response('NotFound'),
            '500': response('Internal'),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Liveness and readiness',
          tags: ['operations'],
          security: anonymous,
          responses: {
            '200': { description: 'Healthy.', content: json(ref('Health')) },
            '503': { description: 'Degraded: a dependency check failed.', content: json(ref('Health')) },
            '500': response('Internal'),
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          tags: ['operations'],
          security: anonymous,
          responses: { '200': { description: 'The OpenAPI 3.1 document.', content: json({ type: 'object' }) } },
        },
      },
    },
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A tenant API key: a secret key (`fgk_…`, client or operator) on servers, or a publishable client key (`fgpk_…`) in web pages, which works only from its allowed origins (`Origin`, or `Referer` on a same-origin GET; otherwise 403 `origin_not_allowed`).',
        },
      },
    },
  };
}
