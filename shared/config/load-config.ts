/**
 * Configuration, parsed once from an injected environment (tests pass literal objects). Each variable is declared
 * once, in the schema below (or monitoring-variables.ts), with its description registered in `configDocs`; the
 * README table is generated from it (`npm run docs:config`). Secrets have no defaults. An empty string counts as unset.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { configDocs } from './config-docs.js';
import type { DriftPolicy } from '../monitoring/drift-policy.js';
import { monitoringConfig, monitoringVariableSchema, type MonitoringConfig } from './monitoring-variables.js';

export type DatabaseConfig =
  | { kind: 'sqlite'; url: string; path: string }
  | {
      kind: 'mysql';
      url: string;
      cloudSqlInstance: string | undefined;
      /** How the Cloud SQL connector reaches the instance. */
      cloudSqlIpType: CloudSqlIpType;
      /** Log in as the runtime service account (IAM database authentication) instead of with a password. */
      cloudSqlIamAuth: boolean;
    };

/** Whether opening the database brings the schema up to date (locally) or leaves that to a deploy step (cloud). */
export interface MigrationConfig {
  migrateOnStart: boolean;
}

export type CloudSqlIpType = 'PUBLIC' | 'PRIVATE' | 'PSC';

export type BlobConfig = { backend: 'local' } | { backend: 'gcs'; bucket: string };

export type EventsConfig = { backend: 'inprocess' } | { backend: 'pubsub'; projectId: string; topicPrefix: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface FacegateConfig {
  port: number;
  dataDir: string;
  database: DatabaseConfig & MigrationConfig;
  /** Without a trailing slash. */
  publicUrl: string;
  blob: BlobConfig;
  events: EventsConfig;
  /** 32-byte template encryption key; `undefined` locally means "generate once into the data dir". */
  templateKey: Uint8Array | undefined;
  /** Id stored with each template `templateKey` seals (the `key_id` column). */
  templateKeyId: string;
  /** Keys of a rotation in progress: still read, never written; empty once the rotation has finished. */
  retiredTemplateKeys: Readonly<Record<string, Uint8Array>>;
  /** HMAC key (≥ 32 bytes) of local upload URLs; `undefined` means "generate once into the data dir". */
  localUploadSecret: Uint8Array | undefined;
  jwt: {
    issuer: string;
    audience: string;
    tokenTtlSeconds: number;
    /** ES256 private JWKs, newest first (Secret Manager); `undefined` = keys kept in the local data dir. */
    signingKeys: JWK[] | undefined;
  };
  /** Lifetime of a login challenge (possession factor, active challenge). */
  challengeTtlSeconds: number;
  /** Each tenant's OpenID Provider (shared/oidc/). */
  oidc: { sessionTtlSeconds: number };
  upload: { maxBytes: number; urlTtlSeconds: number };
  tfBackend: 'tensorflow' | 'wasm' | 'cpu' | undefined;
  /** Worker threads doing face work; 0 = on the calling thread. Default: one per core. */
  faceWorkers: number;
  logLevel: LogLevel;
  /** Overrides the model manifest's calibrated threshold when set. */
  verifyThreshold: number | undefined;
  /** PAD model id, `false` = no liveness check, `undefined` = the manifest's active PAD model. */
  pad: string | false | undefined;
  identifyMargin: number;
  /** How long personal data that is not a template is kept (`npm run retention`, the `retention` function). */
  retention: { loginCaptureDays: number; attemptClientDays: number; abandonedEnrollmentDays: number };
  /** Online metrics (GET /v1/metrics). */
  monitoring: MonitoringConfig;
  /** The drift check's schedule, windows and thresholds. */
  drift: DriftPolicy;
  padMode: 'enforce' | 'observe';
  /** Requests per minute; 0 = no limit. */
  rateLimits: { perIpPerMinute: number; perKeyPerMinute: number; keySharePerMinute: number };
  /** X-Forwarded-For entries Google appends in front of the api function (http/client-address.ts). */
  trustedProxyHops: number;
  lockout: { threshold: number; baseSeconds: number; maxSeconds: number; alertAfter: number; accountCap: number };
  /** Denied identifications from one client IP per window that raise `identify_probing`; attempts 0 = off. */
  identifyProbing: { attempts: number; windowSeconds: number };
  webhookAttempts: number;
  /** Webhooks may reach private, loopback and link-local addresses (the local stack). */
  webhookAllowPrivate: boolean;
  /** Optional incident triage; undefined = off. */
  triage: { model: string; project: string; location: string } | undefined;
}

type Env = Record<string, string | undefined>;

/** Default upload size limit: 8 MiB. */
export const DEFAULT_UPLOAD_MAX_BYTES = 8 * 1024 * 1024;

const int = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const base64Bytes = (check: (length: number) => boolean, expected: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64')
    .transform((value) => new Uint8Array(Buffer.from(value, 'base64')))
    .refine((bytes) => check(bytes.length), `expected base64 of ${expected}`);

const httpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'expected an http(s) URL without query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const dbUrl = z.string().refine((value) => {
  if (value.startsWith('sqlite:')) return value.length > 'sqlite:'.length;
  try {
    const url = new URL(value);
    return url.protocol === 'mysql:' && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}, 'expected sqlite:<path> or mysql://user:password@host:port/database');

/** A JSON array of ES256 private JWKs, each with a `kid` (the newest signs, the others stay in the JWKS). */
const signingKeysJson = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(
        z.looseObject({
          kty: z.literal('EC'),
          crv: z.literal('P-256'),
          kid: z.string().min(1),
          x: z.string().min(1),
          y: z.string().min(1),
          d: z.string().min(1),
        }),
        'expected a JSON array of ES256 private JWKs',
      )
      .min(1, 'expected at least one key'),
  );

const TEMPLATE_KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

/** Every variable FaceGate reads, validated and documented. */
export const configSchema = z.object({
  PORT: int(1, 65_535).default(8080).register(configDocs, { description: 'HTTP port of the local server (1-65535).' }),
  FACEGATE_DATA_DIR: z.string().default('./.facegate').register(configDocs, {
    description: 'Local state: SQLite database, blobs, generated keys and dev-credentials.json.',
  }),
  FACEGATE_DB_URL: dbUrl.optional().register(configDocs, {
    description:
      'Database: `sqlite:<path>` (embedded) or `mysql://user:password@host:port/database`. May carry a password: never logged.',
    shownDefault: 'sqlite:<FACEGATE_DATA_DIR>/facegate.sqlite',
  }),
  FACEGATE_CLOUD_SQL_INSTANCE: z
    .string()
    .regex(/^[a-z0-9-.:]+:[a-z0-9-]+:[a-z0-9-]+$/, 'expected project:region:instance')
    .optional()
    .register(configDocs, {
      description:
        'Cloud SQL instance connection name (`project:region:instance`); with a mysql URL, connect through the Cloud SQL connector.',
    }),
  FACEGATE_CLOUD_SQL_IP_TYPE: z.enum(['PUBLIC', 'PRIVATE', 'PSC']).default('PRIVATE').register(configDocs, {
    description: 'How the Cloud SQL connector reaches the instance: `PUBLIC`, `PRIVATE` or `PSC`.',
  }),
  FACEGATE_CLOUD_SQL_IAM_AUTH: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .register(configDocs, {
      description:
        '`true`: log in to Cloud SQL as the runtime service account (IAM database authentication; the URL names that user, without a password).',
    }),
  FACEGATE_DB_MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .register(configDocs, {
      description:
        '`true`: bring the schema up to date when the database is opened (local and dev). Deployed functions set `false`: their database users may not change the schema, and `npm run db:migrate` runs the migrations as a deploy step.',
    }),
  FACEGATE_PUBLIC_URL: httpUrl.optional().register(configDocs, {
    description: 'Public base URL of the service (http or https), used in local upload URLs and as default JWT issuer.',
    shownDefault: 'http://localhost:<PORT>',
  }),
  FACEGATE_BLOB_BACKEND: z.enum(['local', 'gcs']).default('local').register(configDocs, {
    description: '`local` (files under the data dir, HMAC-signed upload URLs) or `gcs` (Cloud Storage).',
  }),
  FACEGATE_GCS_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'expected a Cloud Storage bucket name')
    .optional()
    .register(configDocs, { description: 'Bucket for captures; required when FACEGATE_BLOB_BACKEND=gcs.' }),
  FACEGATE_EVENT_BACKEND: z.enum(['inprocess', 'pubsub']).default('inprocess').register(configDocs, {
    description: '`inprocess` (events delivered inside the process) or `pubsub` (Cloud Pub/Sub).',
  }),
  FACEGATE_PUBSUB_PROJECT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id')
    .optional()
    .register(configDocs, {
      description: 'Google Cloud project of the Pub/Sub topics; required when FACEGATE_EVENT_BACKEND=pubsub.',
    }),
  FACEGATE_PUBSUB_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, 'expected letters, digits, ".", "_" or "-", starting with a letter')
    .default('')
    .register(configDocs, {
      description: 'Prefix of every Pub/Sub topic id, e.g. `prod-` (letters, digits, `-`, `_`, `.`).',
    }),
  FACEGATE_TEMPLATE_KEY: base64Bytes((n) => n === 32, '32 bytes')
    .optional()
    .register(configDocs, {
      description:
        'AES-256-GCM key for templates at rest: base64 of 32 bytes. Required with a cloud backend; locally, generated once into the data dir when unset.',
      secret: true,
    }),
  FACEGATE_TEMPLATE_KEY_ID: z
    .string()
    .regex(TEMPLATE_KEY_ID, 'expected 1-32 letters, digits, ".", "_" or "-"')
    .default('k1')
    .register(configDocs, {
      description:
        'Id of FACEGATE_TEMPLATE_KEY, stored with every template it seals; give a new key a new id (`npm run keys:rotate-template`).',
    }),
  FACEGATE_TEMPLATE_RETIRED_KEYS: z
    .string()
    .transform((value, ctx) => {
      const keys: Record<string, Uint8Array> = {};
      for (const entry of value.split(',')) {
        const [id = '', encoded = '', ...rest] = entry.trim().split(':');
        const bytes = Buffer.from(encoded, 'base64');
        if (
          rest.length ||
          !TEMPLATE_KEY_ID.test(id) ||
          !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ||
          bytes.length !== 32
        ) {
          ctx.addIssue({ code: 'custom', message: 'expected comma-separated <keyId>:<base64 of 32 bytes>' });
          return z.NEVER;
        }
        keys[id] = new Uint8Array(bytes);
      }
      return keys;
    })
    .optional()
    .register(configDocs, {
      description:
        'During a template key rotation: the previous keys as `<id>:<base64>,…`, read but never written. Remove once `npm run keys:rotate-template` reports none in use.',
      secret: true,
    }),
  FACEGATE_LOCAL_UPLOAD_SECRET: base64Bytes((n) => n >= 32, 'at least 32 bytes')
    .optional()
    .register(configDocs, {
      description:
        'HMAC key for local signed upload URLs: base64 of at least 32 bytes. Locally, generated once into the data dir when unset.',
      secret: true,
    }),
  FACEGATE_JWT_ISSUER: z.string().min(1).optional().register(configDocs, {
    description: "Base of the access tokens' `iss` claim: a tenant's tokens carry `<this>/t/<tenantId>`.",
    shownDefault: '<FACEGATE_PUBLIC_URL>',
  }),
  FACEGATE_JWT_AUDIENCE: z
    .string()
    .min(1)
    .default('facegate')
    .register(configDocs, { description: '`aud` claim of access tokens.' }),
  FACEGATE_JWT_SIGNING_KEYS: signingKeysJson.optional().register(configDocs, {
    description:
      'Access-token signing keys: a JSON array of ES256 private JWKs with `kid`, newest first (`npm run keys:new -- jwt`). Locally, generated once into the data dir when unset.',
    secret: true,
  }),
  FACEGATE_UPLOAD_MAX_BYTES: int(1024, 64 * 1024 * 1024)
    .default(DEFAULT_UPLOAD_MAX_BYTES)
    .register(configDocs, { description: 'Largest accepted capture upload in bytes (1 KiB to 64 MiB).' }),
  FACEGATE_UPLOAD_URL_TTL_SECONDS: int(30, 3600)
    .default(300)
    .register(configDocs, { description: 'Lifetime of signed upload URLs in seconds (30 to 3600).' }),
  FACEGATE_TOKEN_TTL_SECONDS: int(10, 300)
    .default(300)
    .register(configDocs, { description: 'Lifetime of access tokens in seconds (10 to 300).' }),
  FACEGATE_CHALLENGE_TTL_SECONDS: int(10, 600).default(120).register(configDocs, {
    description:
      'Lifetime of login challenges (`POST /v1/challenges`: possession signature, head-turn prompt) in seconds (10 to 600).',
  }),
  FACEGATE_OIDC_SESSION_TTL_SECONDS: int(60, 86_400).default(600).register(configDocs, {
    description:
      "Lifetime in seconds of a person's sign-in session at a tenant's OpenID Provider (`/t/<tenant>/`) and of the grant it carries (60 to 86400); short, so a shared computer does not stay signed in.",
  }),
  FACEGATE_TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional().register(configDocs, {
    description: 'TensorFlow.js backend: `tensorflow`, `wasm` or `cpu`; unset = best available.',
  }),
  FACEGATE_FACE_WORKERS: int(0, 256).optional().register(configDocs, {
    description:
      'Worker threads that do the face work (decode, detect, PAD, embed), each with its own TensorFlow.js runtime (0 to 256); `0` = on the request thread; unset = one per core.',
    shownDefault: '<cores>',
  }),
  FACEGATE_LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'])
    .default('info')
    .register(configDocs, { description: 'Lowest log severity written: `debug`, `info`, `warn` or `error`.' }),
  FACEGATE_VERIFY_THRESHOLD: decimal(-1, 1)
    .optional()
    .register(configDocs, {
      description:
        'Similarity threshold for a match (-1 to 1), overriding the calibrated threshold of the model manifest for ' +
        'single-network versions; fused versions (scored in impostor standard deviations) keep their calibrated one.',
    }),
  FACEGATE_PAD: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected `off` or a PAD model id such as pad-lbp-v1')
    .optional()
    .register(configDocs, {
      description:
        "Presentation-attack detection: `off`, or a PAD model id of the manifest; unset = the manifest's active one.",
    }),
  FACEGATE_IDENTIFY_MARGIN: decimal(0, 1).default(0.05).register(configDocs, {
    description: 'Identify: how far (in similarity, 0 to 1) the best user must lead the runner-up.',
  }),
  FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS: int(1, 3650).default(30).register(configDocs, {
    description:
      'Days a kept login (verify/identify) capture lives before `npm run retention` deletes its row and photo (1 to 3650).',
  }),
  FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS: int(1, 3650).default(90).register(configDocs, {
    description:
      'Days before `npm run retention` clears the client IP, user agent and claimed username of login attempts (1 to 3650).',
  }),
  FACEGATE_ABANDONED_ENROLLMENT_DAYS: int(1, 3650).default(30).register(configDocs, {
    description:
      'Days after which `npm run retention` erases a person who started enrolling and never finished (no template, nothing active or in progress) (1 to 3650).',
  }),
  ...monitoringVariableSchema,
  FACEGATE_PAD_MODE: z.enum(['enforce', 'observe']).default('enforce').register(configDocs, {
    description:
      '`enforce`: a face the presentation-attack detector judges not live (`spoof_suspected`) or a capture without colour (`capture_tampered`) is denied and alerted; `observe`: its liveness score is only recorded.',
  }),
  FACEGATE_RATE_LIMIT_PER_IP: int(0, 1_000_000).default(300).register(configDocs, {
    description:
      'Verify, identify, login-challenge and enrollment requests per minute from one client IP, per tenant (0 = no limit); over it: 429 `rate_limited`.',
  }),
  FACEGATE_TRUSTED_PROXY_HOPS: int(1, 5).default(1).register(configDocs, {
    description:
      'Client IP = the X-Forwarded-For entry this far from the right (1-5): 1 = Cloud Run / Functions, 2 = behind a Google load balancer; entries the client wrote are ignored.',
  }),
  FACEGATE_RATE_LIMIT_PER_KEY: int(0, 10_000_000).default(3000).register(configDocs, {
    description: 'The same requests per minute per API key (0 = no limit), counted after the per-address limit.',
  }),
  FACEGATE_RATE_LIMIT_KEY_SHARE: int(0, 1_000_000)
    .default(10)
    .register(configDocs, {
      description:
        'Requests per minute one address (IPv6: one /64) is still served once its API key has spent its budget, so ' +
        'one address cannot spend it for everyone (0 = none: a spent key refuses everyone).',
    }),
  FACEGATE_LOCKOUT_THRESHOLD: int(1, 100)
    .default(5)
    .register(configDocs, {
      description:
        'Consecutive failed verifications (no match or suspected spoof) of an account from one client address (IPv6: ' +
        'one /64) before the account is locked for that address (1-100).',
    }),
  FACEGATE_LOCKOUT_ACCOUNT_CAP: int(1, 100)
    .default(20)
    .register(configDocs, {
      description:
        'Consecutive failed verifications of an account from all addresses together before it is locked for ' +
        'everyone (at least the threshold, at most 100).',
    }),
  FACEGATE_LOCKOUT_BASE_SECONDS: int(30, 3600).default(30).register(configDocs, {
    description: 'First lockout delay in seconds (30-3600); doubles with each further failure.',
  }),
  FACEGATE_LOCKOUT_MAX_SECONDS: int(30, 86_400).default(3600).register(configDocs, {
    description: 'Longest lockout delay in seconds (at least the base, at most 86400): nobody is locked out for good.',
  }),
  FACEGATE_ALERT_AFTER_FAILURES: int(1, 100).default(3).register(configDocs, {
    description: 'Consecutive failed verifications of an account that raise a `repeated_failures` alert (1-100).',
  }),
  FACEGATE_IDENTIFY_PROBING_ATTEMPTS: int(0, 10_000).default(10).register(configDocs, {
    description:
      'Identify denials (`no_match`, `ambiguous_match`, `spoof_suspected`) from one client IP of a tenant in one window that raise `identify_probing`, once per window (0 = off, ≤ 10000).',
  }),
  // A day at most: retention drops counters a day after their window started (domain/counter-windows.ts).
  FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS: int(60, 86_400).default(300).register(configDocs, {
    description: 'The fixed window those identifications are counted in, in seconds (60-86400).',
  }),
  FACEGATE_WEBHOOK_ATTEMPTS: int(1, 10).default(3).register(configDocs, {
    description:
      'Signed POSTs per alert delivery run (1-10, backoff 1 s doubling) before the alert is kept as `undelivered` for a later run.',
  }),
  FACEGATE_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional().register(configDocs, {
    description:
      '`true`: webhooks may reach private, loopback and link-local addresses. Default `true` only on the local stack (local blobs, in-process events), else `false`.',
    shownDefault: '<local stack>',
  }),
  FACEGATE_TRIAGE_MODEL: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@/-]{0,127}$/, 'expected a model name such as gemini-2.5-flash')
    .optional()
    .register(configDocs, {
      description: 'Vertex AI Gemini model for optional incident triage, e.g. `gemini-2.5-flash`; unset = triage off.',
    }),
  FACEGATE_TRIAGE_PROJECT: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id')
    .optional()
    .register(configDocs, {
      description: 'Google Cloud project for triage; required when FACEGATE_TRIAGE_MODEL is set.',
    }),
  FACEGATE_TRIAGE_LOCATION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'expected a Vertex AI location such as us-central1')
    .default('us-central1')
    .register(configDocs, { description: 'Vertex AI location of the triage model.' }),
});

const checked = configSchema.superRefine((v, ctx) => {
  const require = (variable: string, when: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message: `required when ${when}` });
  if (v.FACEGATE_BLOB_BACKEND === 'gcs' && !v.FACEGATE_GCS_BUCKET)
    require('FACEGATE_GCS_BUCKET', 'FACEGATE_BLOB_BACKEND=gcs');
  if (v.FACEGATE_EVENT_BACKEND === 'pubsub' && !v.FACEGATE_PUBSUB_PROJECT_ID) {
    require('FACEGATE_PUBSUB_PROJECT_ID', 'FACEGATE_EVENT_BACKEND=pubsub');
  }
  // A cloud deployment has no data dir to keep a generated key in: the key must come from Secret Manager.
  const cloud = v.FACEGATE_BLOB_BACKEND === 'gcs' || v.FACEGATE_EVENT_BACKEND === 'pubsub';
  if (cloud && !v.FACEGATE_TEMPLATE_KEY) require('FACEGATE_TEMPLATE_KEY', 'a cloud backend (gcs or pubsub) is used');
  if (v.FACEGATE_DRIFT_PSI_ALERT < v.FACEGATE_DRIFT_PSI_WARNING) {
    ctx.addIssue({
      code: 'custom',
      path: ['FACEGATE_DRIFT_PSI_ALERT'],
      message: 'must not be below FACEGATE_DRIFT_PSI_WARNING',
    });
  }
  if (v.FACEGATE_TEMPLATE_RETIRED_KEYS && !v.FACEGATE_TEMPLATE_KEY)
    require('FACEGATE_TEMPLATE_KEY', 'FACEGATE_TEMPLATE_RETIRED_KEYS is set');
  if (v.FACEGATE_TEMPLATE_RETIRED_KEYS && v.FACEGATE_TEMPLATE_KEY_ID in v.FACEGATE_TEMPLATE_RETIRED_KEYS) {
    ctx.addIssue({
      code: 'custom',
      path: ['FACEGATE_TEMPLATE_RETIRED_KEYS'],
      message: 'must not name the active key id (FACEGATE_TEMPLATE_KEY_ID)',
    });
  }
  if (v.FACEGATE_LOCKOUT_MAX_SECONDS < v.FACEGATE_LOCKOUT_BASE_SECONDS) {
    ctx.addIssue({
      code: 'custom',
      path: ['FACEGATE_LOCKOUT_MAX_SECONDS'],
      message: 'must be at least FACEGATE_LOCKOUT_BASE_SECONDS',
    });
  }
  if (v.FACEGATE_LOCKOUT_ACCOUNT_CAP < v.FACEGATE_LOCKOUT_THRESHOLD) {
    ctx.addIssue({
      code: 'custom',
      path: ['FACEGATE_LOCKOUT_ACCOUNT_CAP'],
      message: 'must be at least FACEGATE_LOCKOUT_THRESHOLD',
    });
  }
  if (v.FACEGATE_TRIAGE_MODEL && !v.FACEGATE_TRIAGE_PROJECT)
    require('FACEGATE_TRIAGE_PROJECT', 'FACEGATE_TRIAGE_MODEL is set');
  if (v.FACEGATE_CLOUD_SQL_INSTANCE && !v.FACEGATE_DB_URL?.startsWith('mysql:')) {
    require('FACEGATE_DB_URL', 'FACEGATE_CLOUD_SQL_INSTANCE is set (a mysql:// URL)');
  }
});

/**
 * Validates the environment and returns the frozen configuration.
 * @throws ConfigError listing every invalid or missing variable.
 */
export function loadConfig(env: Env = process.env): Readonly<FacegateConfig> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = checked.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const v = result.data;
  // Present whenever their backend is selected: the refinement above guarantees it.
  const bucket = v.FACEGATE_GCS_BUCKET;
  const projectId = v.FACEGATE_PUBSUB_PROJECT_ID;
  const publicUrl = v.FACEGATE_PUBLIC_URL ?? `http://localhost:${v.PORT}`;
  const dbUrlValue = v.FACEGATE_DB_URL ?? `sqlite:${path.join(v.FACEGATE_DATA_DIR, 'facegate.sqlite')}`;

  return deepFreeze<FacegateConfig>({
    port: v.PORT,
    dataDir: v.FACEGATE_DATA_DIR,
    database: dbUrlValue.startsWith('sqlite:')
      ? {
          kind: 'sqlite',
          url: dbUrlValue,
          path: dbUrlValue.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''),
          migrateOnStart: v.FACEGATE_DB_MIGRATE_ON_START,
        }
      : {
          kind: 'mysql',
          url: dbUrlValue,
          cloudSqlInstance: v.FACEGATE_CLOUD_SQL_INSTANCE,
          cloudSqlIpType: v.FACEGATE_CLOUD_SQL_IP_TYPE,
          cloudSqlIamAuth: v.FACEGATE_CLOUD_SQL_IAM_AUTH,
          migrateOnStart: v.FACEGATE_DB_MIGRATE_ON_START,
        },
    publicUrl,
    blob: v.FACEGATE_BLOB_BACKEND === 'gcs' && bucket ? { backend: 'gcs', bucket } : { backend: 'local' },
    events:
      v.FACEGATE_EVENT_BACKEND === 'pubsub' && projectId
        ? { backend: 'pubsub', projectId, topicPrefix: v.FACEGATE_PUBSUB_TOPIC_PREFIX }
        : { backend: 'inprocess' },
    templateKey: v.FACEGATE_TEMPLATE_KEY,
    templateKeyId: v.FACEGATE_TEMPLATE_KEY_ID,
    retiredTemplateKeys: v.FACEGATE_TEMPLATE_RETIRED_KEYS ?? {},
    localUploadSecret: v.FACEGATE_LOCAL_UPLOAD_SECRET,
    jwt: {
      issuer: v.FACEGATE_JWT_ISSUER ?? publicUrl,
      audience: v.FACEGATE_JWT_AUDIENCE,
      tokenTtlSeconds: v.FACEGATE_TOKEN_TTL_SECONDS,
      signingKeys: v.FACEGATE_JWT_SIGNING_KEYS,
    },
    challengeTtlSeconds: v.FACEGATE_CHALLENGE_TTL_SECONDS,
    oidc: { sessionTtlSeconds: v.FACEGATE_OIDC_SESSION_TTL_SECONDS },
    upload: { maxBytes: v.FACEGATE_UPLOAD_MAX_BYTES, urlTtlSeconds: v.FACEGATE_UPLOAD_URL_TTL_SECONDS },
    tfBackend: v.FACEGATE_TF_BACKEND,
    faceWorkers: v.FACEGATE_FACE_WORKERS ?? availableParallelism(),
    logLevel: v.FACEGATE_LOG_LEVEL,
    verifyThreshold: v.FACEGATE_VERIFY_THRESHOLD,
    pad: v.FACEGATE_PAD === 'off' ? false : v.FACEGATE_PAD,
    identifyMargin: v.FACEGATE_IDENTIFY_MARGIN,
    retention: {
      loginCaptureDays: v.FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS,
      attemptClientDays: v.FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS,
      abandonedEnrollmentDays: v.FACEGATE_ABANDONED_ENROLLMENT_DAYS,
    },
    ...monitoringConfig(v),
    padMode: v.FACEGATE_PAD_MODE,
    rateLimits: {
      perIpPerMinute: v.FACEGATE_RATE_LIMIT_PER_IP,
      perKeyPerMinute: v.FACEGATE_RATE_LIMIT_PER_KEY,
      keySharePerMinute: v.FACEGATE_RATE_LIMIT_KEY_SHARE,
    },
    trustedProxyHops: v.FACEGATE_TRUSTED_PROXY_HOPS,
    lockout: {
      threshold: v.FACEGATE_LOCKOUT_THRESHOLD,
      baseSeconds: v.FACEGATE_LOCKOUT_BASE_SECONDS,
      maxSeconds: v.FACEGATE_LOCKOUT_MAX_SECONDS,
      alertAfter: v.FACEGATE_ALERT_AFTER_FAILURES,
      accountCap: v.FACEGATE_LOCKOUT_ACCOUNT_CAP,
    },
    identifyProbing: {
      attempts: v.FACEGATE_IDENTIFY_PROBING_ATTEMPTS,
      windowSeconds: v.FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS,
    },
    webhookAttempts: v.FACEGATE_WEBHOOK_ATTEMPTS,
    // Only the local stack (nothing in the cloud) may post alerts to this machine or its network by default.
    webhookAllowPrivate:
      v.FACEGATE_WEBHOOK_ALLOW_PRIVATE === undefined
        ? v.FACEGATE_BLOB_BACKEND === 'local' && v.FACEGATE_EVENT_BACKEND === 'inprocess'
        : v.FACEGATE_WEBHOOK_ALLOW_PRIVATE === 'true',
    triage:
      v.FACEGATE_TRIAGE_MODEL && v.FACEGATE_TRIAGE_PROJECT
        ? { model: v.FACEGATE_TRIAGE_MODEL, project: v.FACEGATE_TRIAGE_PROJECT, location: v.FACEGATE_TRIAGE_LOCATION }
        : undefined,
  });
}

/** Freezes plain objects recursively; key bytes stay typed arrays (they cannot be frozen). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The variable names `loadConfig` reads. */
export const readVariableNames: readonly string[] = Object.keys(configSchema.shape);
