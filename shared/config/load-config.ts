/**
 * Configuration, parsed once from an injected environment (tests pass literal objects). Every variable is
 * documented in ./config-variables.ts; secrets have no defaults. An empty string counts as unset.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { DEFAULT_UPLOAD_MAX_BYTES } from './config-variables.js';
import {
  monitoringConfig,
  monitoringVariableSchema,
  type DriftConfig,
  type MonitoringConfig,
} from './monitoring-variables.js';

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

export type CloudSqlIpType = 'PUBLIC' | 'PRIVATE' | 'PSC';

export type BlobConfig = { backend: 'local' } | { backend: 'gcs'; bucket: string };

export type EventsConfig = { backend: 'inprocess' } | { backend: 'pubsub'; projectId: string; topicPrefix: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface FacegateConfig {
  port: number;
  dataDir: string;
  database: DatabaseConfig;
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
  /** The drift check's windows and thresholds. */
  drift: DriftConfig;
  padMode: 'enforce' | 'observe';
  /** Requests per minute; 0 = no limit. */
  rateLimits: { perIpPerMinute: number; perKeyPerMinute: number };
  lockout: { threshold: number; baseSeconds: number; maxSeconds: number; alertAfter: number };
  /** Denied identifications from one client IP per window that raise `identify_probing`; attempts 0 = off. */
  identifyProbing: { attempts: number; windowSeconds: number };
  webhookAttempts: number;
  /** Optional incident triage; undefined = off. */
  triage: { model: string; project: string; location: string } | undefined;
}

type Env = Record<string, string | undefined>;

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

const schema = z.object({
  PORT: int(1, 65_535).default(8080),
  FACEGATE_DATA_DIR: z.string().default('./.facegate'),
  FACEGATE_DB_URL: dbUrl.optional(),
  FACEGATE_CLOUD_SQL_INSTANCE: z
    .string()
    .regex(/^[a-z0-9-.:]+:[a-z0-9-]+:[a-z0-9-]+$/, 'expected project:region:instance')
    .optional(),
  FACEGATE_CLOUD_SQL_IP_TYPE: z.enum(['PUBLIC', 'PRIVATE', 'PSC']).default('PRIVATE'),
  FACEGATE_CLOUD_SQL_IAM_AUTH: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  FACEGATE_PUBLIC_URL: httpUrl.optional(),
  FACEGATE_BLOB_BACKEND: z.enum(['local', 'gcs']).default('local'),
  FACEGATE_GCS_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'expected a Cloud Storage bucket name')
    .optional(),
  FACEGATE_EVENT_BACKEND: z.enum(['inprocess', 'pubsub']).default('inprocess'),
  FACEGATE_PUBSUB_PROJECT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id')
    .optional(),
  FACEGATE_PUBSUB_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, 'expected letters, digits, ".", "_" or "-", starting with a letter')
    .default(''),
  FACEGATE_TEMPLATE_KEY: base64Bytes((n) => n === 32, '32 bytes').optional(),
  FACEGATE_TEMPLATE_KEY_ID: z
    .string()
    .regex(TEMPLATE_KEY_ID, 'expected 1-32 letters, digits, ".", "_" or "-"')
    .default('k1'),
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
    .optional(),
  FACEGATE_LOCAL_UPLOAD_SECRET: base64Bytes((n) => n >= 32, 'at least 32 bytes').optional(),
  FACEGATE_JWT_ISSUER: z.string().min(1).optional(),
  FACEGATE_JWT_AUDIENCE: z.string().min(1).default('facegate'),
  FACEGATE_JWT_SIGNING_KEYS: signingKeysJson.optional(),
  FACEGATE_UPLOAD_MAX_BYTES: int(1024, 64 * 1024 * 1024).default(DEFAULT_UPLOAD_MAX_BYTES),
  FACEGATE_UPLOAD_URL_TTL_SECONDS: int(30, 3600).default(300),
  FACEGATE_TOKEN_TTL_SECONDS: int(10, 300).default(300),
  FACEGATE_CHALLENGE_TTL_SECONDS: int(10, 600).default(120),
  FACEGATE_TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  FACEGATE_FACE_WORKERS: int(0, 256).optional(),
  FACEGATE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  FACEGATE_VERIFY_THRESHOLD: decimal(-1, 1).optional(),
  FACEGATE_PAD: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected `off` or a PAD model id such as pad-lbp-v1')
    .optional(),
  FACEGATE_IDENTIFY_MARGIN: decimal(0, 1).default(0.05),
  FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS: int(1, 3650).default(30),
  FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS: int(1, 3650).default(90),
  FACEGATE_ABANDONED_ENROLLMENT_DAYS: int(1, 3650).default(30),
  ...monitoringVariableSchema,
  FACEGATE_PAD_MODE: z.enum(['enforce', 'observe']).default('enforce'),
  FACEGATE_RATE_LIMIT_PER_IP: int(0, 1_000_000).default(300),
  FACEGATE_RATE_LIMIT_PER_KEY: int(0, 10_000_000).default(3000),
  FACEGATE_LOCKOUT_THRESHOLD: int(1, 100).default(5),
  FACEGATE_LOCKOUT_BASE_SECONDS: int(30, 3600).default(30),
  FACEGATE_LOCKOUT_MAX_SECONDS: int(30, 86_400).default(3600),
  FACEGATE_ALERT_AFTER_FAILURES: int(1, 100).default(3),
  FACEGATE_IDENTIFY_PROBING_ATTEMPTS: int(0, 10_000).default(10),
  // A day at most: retention drops counters a day after their window started (domain/counter-windows.ts).
  FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS: int(60, 86_400).default(300),
  FACEGATE_WEBHOOK_ATTEMPTS: int(1, 10).default(3),
  FACEGATE_TRIAGE_MODEL: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@/-]{0,127}$/, 'expected a model name such as gemini-2.5-flash')
    .optional(),
  FACEGATE_TRIAGE_PROJECT: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project id')
    .optional(),
  FACEGATE_TRIAGE_LOCATION: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'expected a Vertex AI location such as us-central1')
    .default('us-central1'),
});

const checked = schema.superRefine((v, ctx) => {
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
      ? { kind: 'sqlite', url: dbUrlValue, path: dbUrlValue.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') }
      : {
          kind: 'mysql',
          url: dbUrlValue,
          cloudSqlInstance: v.FACEGATE_CLOUD_SQL_INSTANCE,
          cloudSqlIpType: v.FACEGATE_CLOUD_SQL_IP_TYPE,
          cloudSqlIamAuth: v.FACEGATE_CLOUD_SQL_IAM_AUTH,
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
    rateLimits: { perIpPerMinute: v.FACEGATE_RATE_LIMIT_PER_IP, perKeyPerMinute: v.FACEGATE_RATE_LIMIT_PER_KEY },
    lockout: {
      threshold: v.FACEGATE_LOCKOUT_THRESHOLD,
      baseSeconds: v.FACEGATE_LOCKOUT_BASE_SECONDS,
      maxSeconds: v.FACEGATE_LOCKOUT_MAX_SECONDS,
      alertAfter: v.FACEGATE_ALERT_AFTER_FAILURES,
    },
    identifyProbing: {
      attempts: v.FACEGATE_IDENTIFY_PROBING_ATTEMPTS,
      windowSeconds: v.FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS,
    },
    webhookAttempts: v.FACEGATE_WEBHOOK_ATTEMPTS,
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

/** The variable names `loadConfig` reads (kept equal to the documented list by a test). */
export const readVariableNames: readonly string[] = Object.keys(schema.shape);
