/**
 * Every environment variable FaceGate reads, as data: the README's configuration table is generated from (and
 * checked against) this list, and `loadConfig` validates exactly these names.
 */
export interface ConfigVariable {
  name: string;
  /** Default as written in the README; `undefined` = no default (required, or optional and unset). */
  default: string | undefined;
  /** Whether the value is a secret: never defaulted, never logged. */
  secret: boolean;
  description: string;
}

import { monitoringVariables } from './monitoring-variables.js';

const MiB = 1024 * 1024;

/** Default upload size limit: 8 MiB. */
export const DEFAULT_UPLOAD_MAX_BYTES = 8 * MiB;

export const configVariables: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', secret: false, description: 'HTTP port of the local server (1-65535).' },
  {
    name: 'FACEGATE_DATA_DIR',
    default: './.facegate',
    secret: false,
    description: 'Local state: SQLite database, blobs, generated keys and dev-credentials.json.',
  },
  {
    name: 'FACEGATE_DB_URL',
    default: 'sqlite:<FACEGATE_DATA_DIR>/facegate.sqlite',
    secret: false,
    description:
      'Database: `sqlite:<path>` (embedded) or `mysql://user:password@host:port/database`. May carry a password: never logged.',
  },
  {
    name: 'FACEGATE_CLOUD_SQL_INSTANCE',
    default: undefined,
    secret: false,
    description:
      'Cloud SQL instance connection name (`project:region:instance`); with a mysql URL, connect through the Cloud SQL connector.',
  },
  {
    name: 'FACEGATE_CLOUD_SQL_IP_TYPE',
    default: 'PRIVATE',
    secret: false,
    description: 'How the Cloud SQL connector reaches the instance: `PUBLIC`, `PRIVATE` or `PSC`.',
  },
  {
    name: 'FACEGATE_CLOUD_SQL_IAM_AUTH',
    default: 'false',
    secret: false,
    description:
      '`true`: log in to Cloud SQL as the runtime service account (IAM database authentication; the URL names that user, without a password).',
  },
  {
    name: 'FACEGATE_PUBLIC_URL',
    default: 'http://localhost:<PORT>',
    secret: false,
    description: 'Public base URL of the service (http or https), used in local upload URLs and as default JWT issuer.',
  },
  {
    name: 'FACEGATE_BLOB_BACKEND',
    default: 'local',
    secret: false,
    description: '`local` (files under the data dir, HMAC-signed upload URLs) or `gcs` (Cloud Storage).',
  },
  {
    name: 'FACEGATE_GCS_BUCKET',
    default: undefined,
    secret: false,
    description: 'Bucket for captures; required when FACEGATE_BLOB_BACKEND=gcs.',
  },
  {
    name: 'FACEGATE_EVENT_BACKEND',
    default: 'inprocess',
    secret: false,
    description: '`inprocess` (events delivered inside the process) or `pubsub` (Cloud Pub/Sub).',
  },
  {
    name: 'FACEGATE_PUBSUB_PROJECT_ID',
    default: undefined,
    secret: false,
    description: 'Google Cloud project of the Pub/Sub topics; required when FACEGATE_EVENT_BACKEND=pubsub.',
  },
  {
    name: 'FACEGATE_PUBSUB_TOPIC_PREFIX',
    default: '',
    secret: false,
    description: 'Prefix of every Pub/Sub topic id, e.g. `prod-` (letters, digits, `-`, `_`, `.`).',
  },
  {
    name: 'FACEGATE_TEMPLATE_KEY',
    default: undefined,
    secret: true,
    description:
      'AES-256-GCM key for templates at rest: base64 of 32 bytes. Required with a cloud backend; locally, generated once into the data dir when unset.',
  },
  {
    name: 'FACEGATE_TEMPLATE_KEY_ID',
    default: 'k1',
    secret: false,
    description:
      'Id of FACEGATE_TEMPLATE_KEY, stored with every template it seals; give a new key a new id (`npm run keys:rotate-template`).',
  },
  {
    name: 'FACEGATE_TEMPLATE_RETIRED_KEYS',
    default: undefined,
    secret: true,
    description:
      'During a template key rotation: the previous keys as `<id>:<base64>,…`, read but never written. Remove once `npm run keys:rotate-template` reports none in use.',
  },
  {
    name: 'FACEGATE_LOCAL_UPLOAD_SECRET',
    default: undefined,
    secret: true,
    description:
      'HMAC key for local signed upload URLs: base64 of at least 32 bytes. Locally, generated once into the data dir when unset.',
  },
  {
    name: 'FACEGATE_JWT_ISSUER',
    default: '<FACEGATE_PUBLIC_URL>',
    secret: false,
    description: '`iss` claim of access tokens.',
  },
  { name: 'FACEGATE_JWT_AUDIENCE', default: 'facegate', secret: false, description: '`aud` claim of access tokens.' },
  {
    name: 'FACEGATE_JWT_SIGNING_KEYS',
    default: undefined,
    secret: true,
    description:
      'Access-token signing keys: a JSON array of ES256 private JWKs with `kid`, newest first (`npm run keys:new -- jwt`). Locally, generated once into the data dir when unset.',
  },
  {
    name: 'FACEGATE_UPLOAD_MAX_BYTES',
    default: String(DEFAULT_UPLOAD_MAX_BYTES),
    secret: false,
    description: 'Largest accepted capture upload in bytes (1 KiB to 64 MiB).',
  },
  {
    name: 'FACEGATE_UPLOAD_URL_TTL_SECONDS',
    default: '300',
    secret: false,
    description: 'Lifetime of signed upload URLs in seconds (30 to 3600).',
  },
  {
    name: 'FACEGATE_TOKEN_TTL_SECONDS',
    default: '300',
    secret: false,
    description: 'Lifetime of access tokens in seconds (10 to 300).',
  },
  {
    name: 'FACEGATE_CHALLENGE_TTL_SECONDS',
    default: '120',
    secret: false,
    description:
      'Lifetime of login challenges (`POST /v1/challenges`: possession signature, head-turn prompt) in seconds (10 to 600).',
  },
  {
    name: 'FACEGATE_TF_BACKEND',
    default: undefined,
    secret: false,
    description: 'TensorFlow.js backend: `tensorflow`, `wasm` or `cpu`; unset = best available.',
  },
  {
    name: 'FACEGATE_FACE_WORKERS',
    default: '<cores>',
    secret: false,
    description:
      'Worker threads that do the face work (decode, detect, PAD, embed), each with its own TensorFlow.js runtime (0 to 256); `0` = on the request thread; unset = one per core.',
  },
  {
    name: 'FACEGATE_LOG_LEVEL',
    default: 'info',
    secret: false,
    description: 'Lowest log severity written: `debug`, `info`, `warn` or `error`.',
  },
  {
    name: 'FACEGATE_VERIFY_THRESHOLD',
    default: undefined,
    secret: false,
    description:
      'Similarity threshold for a match (-1 to 1), overriding the calibrated threshold of the model manifest.',
  },
  {
    name: 'FACEGATE_PAD',
    default: undefined,
    secret: false,
    description:
      "Presentation-attack detection: `off`, or a PAD model id of the manifest; unset = the manifest's active one.",
  },
  {
    name: 'FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS',
    default: '30',
    secret: false,
    description:
      'Days a kept login (verify/identify) capture lives before `npm run retention` deletes its row and photo (1 to 3650).',
  },
  {
    name: 'FACEGATE_ABANDONED_ENROLLMENT_DAYS',
    default: '30',
    secret: false,
    description:
      'Days after which `npm run retention` erases a person who started enrolling and never finished (no template, nothing active or in progress) (1 to 3650).',
  },
  {
    name: 'FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS',
    default: '90',
    secret: false,
    description:
      'Days before `npm run retention` clears the client IP, user agent and claimed username of login attempts (1 to 3650).',
  },
  {
    name: 'FACEGATE_IDENTIFY_MARGIN',
    default: '0.05',
    secret: false,
    description: 'Identify: how far (in similarity, 0 to 1) the best user must lead the runner-up.',
  },
  ...monitoringVariables,
  {
    name: 'FACEGATE_PAD_MODE',
    default: 'enforce',
    secret: false,
    description:
      '`enforce`: a face the presentation-attack detector judges not live is denied (`spoof_suspected`) and alerted; `observe`: its liveness score is only recorded.',
  },
  {
    name: 'FACEGATE_RATE_LIMIT_PER_IP',
    default: '300',
    secret: false,
    description:
      'Verify, identify, login-challenge and enrollment requests per minute from one client IP, per tenant (0 = no limit); over it: 429 `rate_limited`.',
  },
  {
    name: 'FACEGATE_RATE_LIMIT_PER_KEY',
    default: '3000',
    secret: false,
    description: 'The same requests per minute per API key (0 = no limit).',
  },
  {
    name: 'FACEGATE_LOCKOUT_THRESHOLD',
    default: '5',
    secret: false,
    description:
      'Consecutive failed verifications (no match or suspected spoof) of an account before it is locked (1-100).',
  },
  {
    name: 'FACEGATE_LOCKOUT_BASE_SECONDS',
    default: '30',
    secret: false,
    description: 'First lockout delay in seconds (30-3600); doubles with each further failure.',
  },
  {
    name: 'FACEGATE_LOCKOUT_MAX_SECONDS',
    default: '3600',
    secret: false,
    description: 'Longest lockout delay in seconds (at least the base, at most 86400): nobody is locked out for good.',
  },
  {
    name: 'FACEGATE_ALERT_AFTER_FAILURES',
    default: '3',
    secret: false,
    description: 'Consecutive failed verifications of an account that raise a `repeated_failures` alert (1-100).',
  },
  {
    name: 'FACEGATE_IDENTIFY_PROBING_ATTEMPTS',
    default: '10',
    secret: false,
    description:
      'Identify denials (`no_match`, `ambiguous_match`, `spoof_suspected`) from one client IP of a tenant in one window that raise `identify_probing`, once per window (0 = off, ≤ 10000).',
  },
  {
    name: 'FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS',
    default: '300',
    secret: false,
    description: 'The fixed window those identifications are counted in, in seconds (60-86400).',
  },
  {
    name: 'FACEGATE_WEBHOOK_ATTEMPTS',
    default: '3',
    secret: false,
    description:
      'Signed POSTs per alert delivery run (1-10, backoff 1 s doubling) before the alert is kept as `undelivered` for a later run.',
  },
  {
    name: 'FACEGATE_TRIAGE_MODEL',
    default: undefined,
    secret: false,
    description: 'Vertex AI Gemini model for optional incident triage, e.g. `gemini-2.5-flash`; unset = triage off.',
  },
  {
    name: 'FACEGATE_TRIAGE_PROJECT',
    default: undefined,
    secret: false,
    description: 'Google Cloud project for triage; required when FACEGATE_TRIAGE_MODEL is set.',
  },
  {
    name: 'FACEGATE_TRIAGE_LOCATION',
    default: 'us-central1',
    secret: false,
    description: 'Vertex AI location of the triage model.',
  },
];

/** The README's configuration table (Markdown), generated from `configVariables`. */
export function configTableMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = configVariables.map(
    (v) =>
      `| \`${v.name}\` | ${v.default === undefined ? '—' : v.default === '' ? '(empty)' : `\`${cell(v.default)}\``} | ${cell(v.description)}${v.secret ? ' Secret.' : ''} |`,
  );
  return ['| Variable | Default | Description |', '|---|---|---|', ...rows].join('\n');
}
