/**
 * Row types of every table, as Kysely sees them. Column types are chosen to read back the same from
 * mysql2 and better-sqlite3: ids and codes are varchar, timestamps are bigint epoch milliseconds,
 * JSON is text we serialise ourselves, embeddings are blob (Buffer on both drivers).
 */

import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: number;
  /** 0 or 1 (migration 0004). */
  require_possession: number;
  /** 0 or 1 (migration 0004). */
  active_challenge: number;
  /** 0 or 1 (migration 0010). */
  require_burst: number;
  /** 0 or 1 (migration 0010). */
  light_challenge: number;
  webhook_url: string | null;
  webhook_secret: string | null;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  role: string;
  key_hash: string;
  display_prefix: string;
  label: string | null;
  /** JSON array of origins for a publishable key, null for a secret key (migration 0013). */
  allowed_origins: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string | null;
  email: string | null;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface EnrollmentsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  capture_id: string;
  status: string;
  reason: string | null;
  quality: string | null;
  /** The user id while pending or processing, NULL after: unique per tenant, so one live enrollment per user. */
  live_user_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface CapturesTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  kind: string;
  blob_path: string;
  object_generation: string;
  content_type: string;
  size_bytes: number;
  quality: string | null;
  created_at: number;
}

export interface TemplatesTable {
  id: string;
  tenant_id: string;
  user_id: string;
  enrollment_id: string | null;
  capture_id: string;
  model_version: string;
  dims: number;
  quality_score: number;
  key_id: string;
  embedding_sealed: Buffer;
  created_at: number;
}

export interface AttemptsTable {
  id: string;
  tenant_id: string;
  kind: string;
  outcome: string;
  user_id: string | null;
  claimed_username: string | null;
  score: number | null;
  threshold: number | null;
  reason: string | null;
  latency_ms: number;
  stage_latencies: string | null;
  model_version: string | null;
  client_ip: string | null;
  user_agent: string | null;
  created_at: number;
  quality: string | null;
  liveness_score: number | null;
  /** What the liveness decision rested on, e.g. `passive+burst:still+light` (migration 0010). */
  liveness_evidence: string | null;
  label: string | null;
  label_note: string | null;
  labelled_by: string | null;
  labelled_at: number | null;
}

export interface AuditEventsTable {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string | null;
  created_at: number;
}

/** A user's registered device public key (migration 0004); at most one per user. */
export interface DeviceKeysTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** The public JWK as JSON. */
  public_jwk: string;
  created_at: number;
}

/** A user's WebAuthn credential (migration 0014); any number per user, credential id unique per tenant. */
export interface PasskeysTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** base64url. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of transport names. */
  transports: string;
  created_at: number;
  last_used_at: number | null;
}

/** Single-use login challenges (migration 0004). */
export interface LoginChallengesTable {
  id: string;
  tenant_id: string;
  nonce: string;
  prompt: string | null;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface TenantModelSettingsTable {
  tenant_id: string;
  active_model_version: string | null;
  reembed_target: string | null;
  updated_at: number;
}

export interface CaptureObservationsTable {
  id: string;
  tenant_id: string;
  kind: string;
  outcome: string;
  model_version: string;
  features: string;
  score: number | null;
  liveness_score: number | null;
  observed_at: number;
  created_at: number;
}

export interface DriftReportsTable {
  id: string;
  tenant_id: string;
  model_version: string;
  status: string;
  severity: string | null;
  window_start: number;
  window_end: number;
  window_count: number;
  reference_start: number;
  reference_end: number;
  reference_count: number;
  moved: string;
  features: string;
  created_at: number;
}

export interface AccountLockoutsTable {
  tenant_id: string;
  user_id: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** Lockout state of one account as seen from one client (address, or IPv6 /64): the first tiers of the lockout. */
export interface ClientLockoutsTable extends AccountLockoutsTable {
  client_key: string;
}

export interface RateCountersTable {
  tenant_id: string;
  counter_key: string;
  window_start: number;
  hits: number;
}

export interface AlertsTable {
  id: string;
  tenant_id: string;
  kind: string;
  severity: string;
  user_id: string | null;
  /** JSON array of attempt ids. */
  attempt_ids: string;
  summary: string;
  /** The security.alert.v1 event as JSON. */
  event: string;
  status: string;
  delivery_attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
  delivered_at: number | null;
  triage: string | null;
  created_at: number;
  /** Migration 0017: when an operator acknowledged it, and the acknowledging key's id. */
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

/** One change to a user's templates (migration 0008); `seq` is assigned by the database. */
export interface TemplateChangesTable {
  seq: Generated<number>;
  tenant_id: string;
  user_key: string;
  user_id: string | null;
  created_at: number;
}

/** A document of a tenant's OpenID Provider (migration 0012); `payload` is its JSON. */
export interface OidcPayloadsTable {
  tenant_id: string;
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

/** An event waiting to be published (migration 0011). */
export interface EventOutboxTable {
  id: string;
  topic: string;
  tenant_id: string;
  /** The validated event as JSON. */
  payload: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  created_at: number;
}

/** The whole schema, for `Kysely<FacegateSchema>`. */
export interface FacegateSchema {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  enrollments: EnrollmentsTable;
  captures: CapturesTable;
  templates: TemplatesTable;
  template_changes: TemplateChangesTable;
  event_outbox: EventOutboxTable;
  attempts: AttemptsTable;
  audit_events: AuditEventsTable;
  device_keys: DeviceKeysTable;
  passkeys: PasskeysTable;
  login_challenges: LoginChallengesTable;
  tenant_model_settings: TenantModelSettingsTable;
  capture_observations: CaptureObservationsTable;
  drift_reports: DriftReportsTable;
  account_lockouts: AccountLockoutsTable;
  client_lockouts: ClientLockoutsTable;
  rate_counters: RateCountersTable;
  alerts: AlertsTable;
  oidc_payloads: OidcPayloadsTable;
}
