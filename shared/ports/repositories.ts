/**
 * The persistence ports the use cases call. One SQL implementation (shared/adapters/sql) serves both
 * MySQL and SQLite and passes one contract suite.
 *
 * Tenant isolation is structural: everything a tenant owns is reached through
 * `Repositories.forTenant(tenantId)`, and every query those repositories make filters by that tenant.
 * Only the tenant directory and the API-key lookup (which is how a request finds its tenant) are global.
 *
 * All timestamps are epoch milliseconds. Lookups return null when nothing matches; unique and
 * reference violations surface as ConflictError / MissingReferenceError, values no column can hold
 * (text longer than its column, JSON over 64 KiB) as InvalidInputError (./repository-errors.ts).
 */
import type { ApiKey, ApiKeyRole } from '../domain/api-key.js';
import type { Attempt, AttemptKind, AttemptLabel, AttemptOutcome } from '../domain/attempt.js';
import type { Alert, AlertDeliveryStatus, AlertSeverity, AlertTriage, TenantWebhook } from '../domain/alert.js';
import type { AuditEvent } from '../domain/audit-event.js';
import type { Capture, CaptureKind } from '../domain/capture.js';
import type { DeviceKey, DevicePublicJwk } from '../domain/device-key.js';
import type { NewPasskey, Passkey } from '../domain/passkey.js';
import type { CaptureObservation } from '../domain/capture-observation.js';
import type { DriftReport } from '../domain/drift-report.js';
import type { Enrollment, EnrollmentStatus } from '../domain/enrollment.js';
import type { JsonObject } from '../domain/json.js';
import type { ActivePrompt, LoginChallenge } from '../domain/login-challenge.js';
import type { Template } from '../domain/template.js';
import type { TenantModelSetting } from '../domain/tenant-model-setting.js';
import type { Tenant, TenantSettings } from '../domain/tenant.js';
import type { LockoutState } from '../domain/lockout-policy.js';
import type { User } from '../domain/user.js';

/** A page of results and the cursor for the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Result of an idempotent insert: the stored row, and whether this call created it. */
export interface Upserted<T> {
  value: T;
  created: boolean;
}

export interface Tenants {
  /** @throws ConflictError when the id exists. Settings not given take DEFAULT_TENANT_SETTINGS. */
  create(input: { id?: string; name: string; settings?: Partial<TenantSettings> }): Promise<Tenant>;
  get(id: string): Promise<Tenant | null>;
  /** Every tenant, oldest first (for jobs that walk all tenants, such as retention). */
  list(): Promise<Tenant[]>;
  /** Changes the given settings and leaves the others. @returns the tenant after the change, null when unknown. */
  updateSettings(id: string, patch: Partial<TenantSettings>): Promise<Tenant | null>;
  /** The tenant's alert webhook, or null when none is set (or no such tenant). The secret is stored sealed. */
  webhook(id: string): Promise<TenantWebhook | null>;
  /**
   * Sets (or with null, removes) the tenant's alert webhook.
   * @returns false when there is no such tenant.
   */
  setWebhook(id: string, webhook: TenantWebhook | null): Promise<boolean>;
  /**
   * Key rotation: seals every webhook secret (stored sealed under the template keys) under the active key.
   * @returns how many were changed.
   */
  resealWebhookSecrets(): Promise<number>;
}

export interface NewApiKey {
  id?: string;
  tenantId: string;
  role: ApiKeyRole;
  keyHash: string;
  displayPrefix: string;
  label?: string | null;
  /** Canonical origins (domain `canonicalOrigin`) for a publishable key; absent or null for a secret key. */
  allowedOrigins?: readonly string[] | null;
}

export interface ApiKeys {
  /** @throws ConflictError (`api_key_hash`) when the hash exists; MissingReferenceError for an unknown tenant. */
  create(input: NewApiKey): Promise<ApiKey>;
  /** The unrevoked key with this sha256, or null. The only lookup that is not tenant-scoped. */
  findByHash(keyHash: string): Promise<ApiKey | null>;
  listByTenant(tenantId: string): Promise<ApiKey[]>;
  /** @returns false when no unrevoked key of that tenant has this id. */
  revoke(tenantId: string, id: string): Promise<boolean>;
}

export interface NewUser {
  id?: string;
  /** Already canonical (domain `normalizeUsername`); stored and compared byte for byte. */
  username: string;
  displayName?: string | null;
  email?: string | null;
  passwordHash?: string | null;
}

export interface UserListQuery {
  /** Case-insensitive (ASCII) substring of username, display name or email. */
  search?: string;
  /** 1..500, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Users {
  /** @throws ConflictError (`username`) when the tenant already has this username. */
  create(input: NewUser): Promise<User>;
  byId(id: string): Promise<User | null>;
  byUsername(username: string): Promise<User | null>;
  /** Ordered by username. */
  list(query?: UserListQuery): Promise<Page<User>>;
  /**
   * Deletes the user with its templates, captures and enrollments in one transaction, with the audit events
   * whose subject is the user or one of those rows, and clears the user's id and claimed username from attempts
   * (the attempt itself stays for the statistics).
   * Blobs are not the database's business: list `captures.listByUser` first to delete them.
   * @returns false when the tenant has no such user.
   */
  delete(id: string): Promise<boolean>;
  /**
   * Signs the person out of the tenant's OpenID Provider: their sessions, grants, codes and tokens go, so a revoked
   * device keeps no silent sign-in to the relying parties.
   */
  endOidcSessions(id: string): Promise<void>;
  /**
   * Retention: ids of people who started enrolling before `startedBefore` and never finished: no template, no
   * active or processing enrollment, and no enrollment started since. Oldest first, at most `limit`.
   */
  listAbandoned(query: { startedBefore: number; limit: number }): Promise<string[]>;
}

export interface NewEnrollment {
  id?: string;
  userId: string;
  captureId: string;
}

/** Fields a status change may set along with the status. */
export interface EnrollmentPatch {
  reason?: string | null;
  quality?: JsonObject | null;
}

export interface Enrollments {
  /**
   * Creates a `pending` enrollment. A user has at most one live (pending or processing) enrollment, enforced by the
   * database, so of concurrent creates for one user exactly one succeeds.
   * @throws ConflictError (`capture_id`) when the capture id is taken, (`live_enrollment`) when the user already has
   *   a live enrollment; MissingReferenceError for an unknown user.
   */
  create(input: NewEnrollment): Promise<Enrollment>;
  get(id: string): Promise<Enrollment | null>;
  byCaptureId(captureId: string): Promise<Enrollment | null>;
  listByUser(userId: string): Promise<Enrollment[]>;
  /** The statuses of each listed user's enrollments, in one read (an operator's page of users). */
  statusesByUsers(userIds: readonly string[]): Promise<Map<string, EnrollmentStatus[]>>;
  /**
   * Atomic compare-and-set of the status: moves the enrollment to `to` only if its current status is
   * one of `from`, so of two concurrent or redelivered events exactly one wins.
   * @returns the updated enrollment, or null when it does not exist or was not in a `from` status.
   * @throws InvalidInputError when some `from → to` is not an allowed lifecycle step.
   */
  transition(
    id: string,
    from: readonly EnrollmentStatus[],
    to: EnrollmentStatus,
    patch?: EnrollmentPatch,
  ): Promise<Enrollment | null>;
  /**
   * Takes over a `processing` claim last stamped before `claimedBefore` (epoch ms): the run that made it died
   * (killed, timed out) without finishing or handing it back. Stamps the claim anew, so of concurrent takers one wins.
   * @returns the enrollment, or null when it is not `processing` or its claim is not that old.
   */
  reclaimStale(id: string, claimedBefore: number): Promise<Enrollment | null>;
  deleteByUser(userId: string): Promise<number>;
}

export interface NewCapture {
  id?: string;
  userId: string | null;
  kind: CaptureKind;
  blobPath: string;
  generation: string;
  contentType: string;
  sizeBytes: number;
  quality?: JsonObject | null;
}

export interface Captures {
  /**
   * Idempotent per (blobPath, generation): a second call for the same upload returns the stored row
   * with `created: false`.
   * @throws ConflictError when the id is taken by another upload; MissingReferenceError for an unknown user.
   */
  create(input: NewCapture): Promise<Upserted<Capture>>;
  get(id: string): Promise<Capture | null>;
  byObject(blobPath: string, generation: string): Promise<Capture | null>;
  /** @returns false when there is no such capture. */
  setQuality(id: string, quality: JsonObject | null): Promise<boolean>;
  /**
   * Points the capture at another object (its sealed copy, or a re-wrapped generation of it), only if it still
   * points at `from`: a compare-and-set, so two runs never cross. @returns false when it did not.
   */
  moveBlob(
    id: string,
    from: { blobPath: string; generation: string },
    to: { blobPath: string; generation: string },
  ): Promise<boolean>;
  listByUser(userId: string): Promise<Capture[]>;
  /** Captures of `kind` created before `createdBefore`, oldest first: what retention must delete. */
  listExpired(query: { kind: CaptureKind; createdBefore: number; limit?: number }): Promise<Capture[]>;
  /** Deletes the capture and any template made from it. */
  delete(id: string): Promise<boolean>;
  /** Deletes the user's captures and the templates made from them. */
  deleteByUser(userId: string): Promise<number>;
}

export interface NewTemplate {
  id?: string;
  userId: string;
  enrollmentId?: string | null;
  captureId: string;
  modelVersion: string;
  embedding: Float32Array;
  qualityScore: number;
}

export interface Templates {
  /**
   * Encrypts and stores a template; idempotent per (captureId, modelVersion), so a redelivered
   * event returns the existing template with `created: false` and never makes a second one.
   * @throws InvalidInputError for an empty or non-finite embedding; MissingReferenceError when the
   *   user, capture or enrollment does not exist in the tenant.
   */
  add(input: NewTemplate): Promise<Upserted<Template>>;
  /** The user's templates of one model version, oldest first. */
  listByUser(userId: string, modelVersion: string): Promise<Template[]>;
  /** Every template of one model version in the tenant (for 1:N identify), ordered by id. */
  listByModel(modelVersion: string): Promise<Template[]>;
  countByUser(userId: string): Promise<number>;
  /** Template counts of each listed user (absent: none), in one read. */
  countByUsers(userIds: readonly string[]): Promise<Map<string, number>>;
  deleteByUser(userId: string): Promise<number>;
  /**
   * Templates of one model version created in [since, until), oldest first, at most `limit` (drift monitoring's
   * template centroid; decrypted here, never leaving the application).
   */
  listCreatedBetween(query: { modelVersion: string; since: number; until: number; limit: number }): Promise<Template[]>;
  /** Which model versions every capture of the tenant has templates of, without decrypting anything. */
  listCoverage(): Promise<TemplateCoverage[]>;
  /** How many of the tenant's templates each key id seals (key rotation progress). */
  countByKey(): Promise<Record<string, number>>;
  /**
   * Key rotation, one batch: re-encrypts under the active key up to `limit` templates sealed under another key,
   * in id order after `after`. Each row is updated only if it still holds the ciphertext that was read, so a
   * concurrent writer or a second rotation run never loses a row. A row that does not open is reported, not fixed.
   */
  resealBatch(query: { after?: string; limit: number }): Promise<ResealBatch>;
  /**
   * The newest change number of the tenant's templates (0 when none): every add and delete of a user's templates
   * is numbered, in the same transaction. A cold 1:N index load reads this first, then the templates.
   */
  lastChange(): Promise<number>;
  /**
   * Users whose templates changed (added or deleted) after change `after`, or recorded at or after `since` (epoch
   * ms; a change numbered earlier may commit later, so readers look back a little), oldest first, at most `limit`.
   * The 1:N index re-reads just those users. Re-sealing under another key changes no embedding and is not listed.
   */
  changesAfter(query: { after: number; since: number; limit: number }): Promise<TemplateChange[]>;
}

export interface TemplateChange {
  seq: number;
  /** templateChangeKey(tenant, user): how a deletion by erasure names the user. */
  userKey: string;
  /** Absent when the user was erased: drop the user whose key this is. */
  userId?: string;
  /** Epoch ms when the change was recorded (the writer's clock). */
  createdAt: number;
}

/** Outcome of one `Templates.resealBatch`. */
export interface ResealBatch {
  /** Rows looked at (all sealed under a key other than the active one). */
  scanned: number;
  /** Rows now sealed under the active key. */
  resealed: number;
  /** Rows that did not open (unknown key, tampered); left as they were. */
  failed: { templateId: string; keyId: string; message: string }[];
  /** Id of the last row looked at: pass as `after` for the next batch; absent when none was left. */
  last?: string;
}

/** One stored template, reduced to what a re-embed plans from. */
export interface TemplateCoverage {
  userId: string;
  captureId: string;
  enrollmentId: string | null;
  modelVersion: string;
}

/** The tenant's model selection (one row at most; absent = the manifest's default, no re-embed running). */
export interface ModelSettings {
  get(): Promise<TenantModelSetting | null>;
  /** Sets (null: clears) the active version, leaving the re-embed target as it is. */
  setActive(version: string | null): Promise<TenantModelSetting>;
  /** Sets (null: clears) the version a re-embed is filling, leaving the active version as it is. */
  setReembedTarget(version: string | null): Promise<TenantModelSetting>;
}

export type NewAttempt = Omit<
  Attempt,
  'id' | 'tenantId' | 'createdAt' | 'quality' | 'livenessScore' | 'livenessEvidence' | 'label'
> & {
  id?: string;
  quality?: JsonObject | null;
  livenessScore?: number | null;
  livenessEvidence?: string | null;
};

/** What the online metrics read of an attempt. */
export type AttemptFacts = Pick<
  Attempt,
  'id' | 'kind' | 'outcome' | 'reason' | 'score' | 'threshold' | 'latencyMs' | 'stageLatencies' | 'userId' | 'createdAt'
> & { label: AttemptLabel | null };

export interface AttemptLabelInput {
  label: AttemptLabel;
  note?: string | null;
  /** API key id of the operator. */
  by: string;
}

export interface AttemptQuery {
  kind?: AttemptKind;
  outcome?: AttemptOutcome;
  userId?: string;
  /** The client address, as `add` was given it (an address cut to its column length is found by the whole). */
  clientIp?: string;
  /** Inclusive lower bound on createdAt. */
  since?: number;
  /** Exclusive upper bound on createdAt. */
  until?: number;
  /** 1..1000, default 100. */
  limit?: number;
  cursor?: string;
}

export interface Attempts {
  /** Free-text fields (user agent, claimed username, reason) are cut to their column length, never refused. */
  add(input: NewAttempt): Promise<Attempt>;
  /** Newest first. */
  list(query?: AttemptQuery): Promise<Page<Attempt>>;
  get(id: string): Promise<Attempt | null>;
  /**
   * Sets (or replaces) the operator's label of an attempt.
   * @returns the labelled attempt, or null when the tenant has no such attempt.
   */
  label(id: string, input: AttemptLabelInput): Promise<Attempt | null>;
  /**
   * The facts of every attempt in [since, until), oldest first, read in keyset chunks; at most `limit` + 1 rows,
   * so a caller can tell that a window holds more than it is willing to read.
   */
  facts(query: { since: number; until: number; limit: number }): Promise<AttemptFacts[]>;
  /**
   * Retention: clears where an attempt came from and whom it claimed to be (client IP, user agent, claimed
   * username) on attempts created before `createdBefore`; the attempt stays for the statistics.
   * @returns how many attempts were changed.
   */
  forgetClientDetails(createdBefore: number): Promise<number>;
}

export type NewCaptureObservation = Omit<CaptureObservation, 'tenantId'>;

export interface CaptureObservations {
  /**
   * Stores one observation; idempotent per id (the event id).
   * @returns false when an observation with this id was already stored.
   */
  add(input: NewCaptureObservation): Promise<boolean>;
  /** Observations of one model version in [since, until), oldest first, at most `limit`. */
  list(query: { modelVersion: string; since: number; until: number; limit: number }): Promise<CaptureObservation[]>;
}

export type NewDriftReport = Omit<DriftReport, 'id' | 'tenantId' | 'createdAt'> & { id?: string };

export interface DriftReports {
  add(input: NewDriftReport): Promise<DriftReport>;
  /** Newest first. */
  list(query?: { limit?: number; cursor?: string }): Promise<Page<DriftReport>>;
}

export type NewAuditEvent = Omit<
  AuditEvent,
  'id' | 'tenantId' | 'createdAt' | 'subjectType' | 'subjectId' | 'details'
> & {
  id?: string;
  subjectType?: string | null;
  subjectId?: string | null;
  details?: JsonObject | null;
};

export interface AuditEvents {
  add(input: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first. */
  list(query?: { limit?: number; cursor?: string }): Promise<Page<AuditEvent>>;
}

export interface DeviceKeys {
  /**
   * Registers the user's device public key, replacing the one registered before (a user has at most one).
   * @throws MissingReferenceError when the user does not exist in the tenant.
   */
  put(userId: string, publicJwk: DevicePublicJwk): Promise<DeviceKey>;
  byUser(userId: string): Promise<DeviceKey | null>;
  /** Removes the user's key with this id (an operator revoking it). @returns false when the user has no such key. */
  delete(userId: string, id: string): Promise<boolean>;
}

export interface Passkeys {
  /**
   * Registers a WebAuthn credential for the user (a user may have several).
   * @throws ConflictError when the credential id is registered in the tenant already.
   * @throws MissingReferenceError when the user does not exist in the tenant.
   */
  add(userId: string, credential: NewPasskey): Promise<Passkey>;
  /** Oldest first. */
  listByUser(userId: string): Promise<Passkey[]>;
  byCredentialId(credentialId: string): Promise<Passkey | null>;
  /**
   * Records an accepted use: the authenticator's new counter and when. Only when the stored counter is still
   * `previousCounter`, so of two logins racing with one signature count, one wins; false for the loser.
   */
  recordUse(id: string, previousCounter: number, counter: number, at: number): Promise<boolean>;
  /** Removes the user's passkey with this id (an operator revoking it). @returns false when the user has no such one. */
  delete(userId: string, id: string): Promise<boolean>;
}

export interface NewLoginChallenge {
  id?: string;
  nonce: string;
  prompt?: ActivePrompt | null;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface LoginChallenges {
  create(input: NewLoginChallenge): Promise<LoginChallenge>;
  /**
   * Marks the challenge used at `at`, atomically: of any number of calls, at most one gets the challenge back.
   * Expiry is the caller's to check on the returned challenge (so it follows the application's clock).
   * @returns the challenge, or null when the tenant has no such challenge or it was used already.
   */
  consume(id: string, at: number): Promise<LoginChallenge | null>;
  /** Deletes challenges that expired before `before`, used or not. @returns how many. */
  deleteExpired(before: number): Promise<number>;
}

/**
 * Per-account lockout state (NIST SP 800-63B throttling); a row exists only after a failure. Two scopes: the account
 * as a whole (`client` null, the global cap) and the account as seen from one client (`client` a key from
 * `lockoutClientKey`, the first tiers).
 */
export interface Lockouts {
  get(userId: string, client?: string | null): Promise<LockoutState | null>;
  /** The latest `lockedUntil` of any scope of the account (null: never locked), for an operator's view. */
  latestLock(userId: string): Promise<number | null>;
  /** `latestLock` of each listed user (absent: never locked), in one read per scope. */
  latestLocks(userIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * Counts one more consecutive failure, atomically (concurrent failures are all counted).
   * @returns the state after the increment.
   * @throws MissingReferenceError for a user not in the tenant.
   */
  recordFailure(userId: string): Promise<LockoutState>;
  /**
   * Takes an attempt's slot before its face comparison, atomically: refused when the scope is locked at `now`;
   * otherwise counts the attempt as a failure in advance and, when `delayMs(failures)` is positive, locks until
   * `now + delayMs`. Of many concurrent attempts, only those that find the scope unlocked get a slot, so no
   * comparison runs beyond the limit. A success `reset`s; an attempt that turns out not to count is `release`d.
   * @throws MissingReferenceError for a user not in the tenant.
   */
  reserve(userId: string, request: LockoutRequest): Promise<LockoutReservation | { lockedUntil: number }>;
  /** Gives a slot back: one failure fewer, and the lock it set (if still the same) undone. */
  release(userId: string, reservation: LockoutReservation): Promise<void>;
  /** Locks until `until` (epoch ms); never shortens a longer lock already in place. */
  lockUntil(userId: string, until: number): Promise<void>;
  /**
   * Back to no failures and no lock. With `client` (a success from that client): the account scope and that
   * client's; without (an operator's unlock): every scope of the account. @returns false when there was no state.
   */
  reset(userId: string, client?: string): Promise<boolean>;
}

export interface LockoutRequest {
  /** The client scope (`lockoutClientKey`), or null for the account as a whole. */
  client: string | null;
  now: number;
  /** Delay after the given consecutive failure; 0 = no lock. */
  delayMs(failures: number): number;
}

/** A slot taken by `Lockouts.reserve`. */
export interface LockoutReservation {
  client: string | null;
  /** Consecutive failures with this attempt counted. */
  failures: number;
  /** The lock this reservation set (null: none), and the one before it, which `release` restores. */
  lockedUntil: number | null;
  previousLockedUntil: number | null;
}

/** Fixed-window request counters for rate limits, shared by every instance through the database. */
export interface RateCounters {
  /**
   * Counts one request under `key` in the window starting at `windowStart` (epoch ms); a counter of an older
   * window starts again at 1.
   * @returns the count in this window, this request included.
   */
  hit(key: string, windowStart: number): Promise<number>;
  /** Drops counters of windows that started before `before`. @returns how many. */
  prune(before: number): Promise<number>;
}

export type NewAlert = Pick<Alert, 'id' | 'kind' | 'severity' | 'userId' | 'attemptIds' | 'summary' | 'event'> & {
  createdAt: number;
};

/** Fields a delivery attempt updates. */
export interface AlertDeliveryPatch {
  status: AlertDeliveryStatus;
  deliveryAttempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
}

export interface AlertQuery {
  kind?: string;
  severity?: AlertSeverity;
  status?: AlertDeliveryStatus;
  userId?: string;
  /** true: only acknowledged ones; false: only open ones. */
  acknowledged?: boolean;
  /** Inclusive lower bound on createdAt. */
  since?: number;
  /** Exclusive upper bound on createdAt. */
  until?: number;
  /** 1..500, default 50. */
  limit?: number;
  cursor?: string;
}

export interface Alerts {
  /** Idempotent per id: recording a redelivered event returns the stored alert with `created: false`. */
  record(input: NewAlert): Promise<Upserted<Alert>>;
  get(id: string): Promise<Alert | null>;
  /** @returns false when there is no such alert. */
  updateDelivery(id: string, patch: AlertDeliveryPatch): Promise<boolean>;
  setTriage(id: string, triage: AlertTriage): Promise<boolean>;
  /** Marks it acknowledged by `by` at `at` unless it already was (the first stands). @returns null: no such alert. */
  acknowledge(id: string, by: string, at: number): Promise<Alert | null>;
  /** Newest first. */
  list(query?: AlertQuery): Promise<Page<Alert>>;
  /** Undelivered alerts whose retry is due at `now`, oldest first. */
  listDue(now: number, limit: number): Promise<Alert[]>;
}

/** Everything one tenant owns. Every call is confined to `tenantId`. */
export interface TenantRepositories {
  readonly tenantId: string;
  readonly users: Users;
  readonly enrollments: Enrollments;
  readonly captures: Captures;
  readonly templates: Templates;
  readonly attempts: Attempts;
  readonly auditEvents: AuditEvents;
  readonly deviceKeys: DeviceKeys;
  readonly passkeys: Passkeys;
  readonly loginChallenges: LoginChallenges;
  readonly modelSettings: ModelSettings;
  readonly captureObservations: CaptureObservations;
  readonly driftReports: DriftReports;
  readonly lockouts: Lockouts;
  readonly rateCounters: RateCounters;
  readonly alerts: Alerts;
  /** Runs `work` in one transaction (joins the current one when already inside a transaction). */
  transaction<T>(work: (repos: TenantRepositories) => Promise<T>): Promise<T>;
}

/** An event kept in the outbox because publishing it failed. */
export interface ParkedEvent {
  /** The event's `eventId`. */
  id: string;
  topic: string;
  tenantId: string;
  /** The validated event as JSON. */
  payload: string;
  /** Publish attempts so far, the first (failed) one included. */
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number;
  createdAt: number;
}

/** Events that could not be published yet, across tenants (the relay publishes them for every tenant). */
export interface EventOutbox {
  /** Keeps an event for a later publish; parking the same event id again changes nothing. */
  park(event: { id: string; topic: string; tenantId: string; payload: string; lastError: string }): Promise<void>;
  /** Parked events whose next attempt is due at `now`, oldest first. */
  due(now: number, limit: number): Promise<ParkedEvent[]>;
  /**
   * Takes `event` for one publish attempt: moves its next attempt to `retryAt` and counts the attempt, only if
   * no other relay took it since it was read, so of concurrent relays one publishes it.
   * @returns false when another relay took it (or it is gone).
   */
  claim(event: ParkedEvent, retryAt: number): Promise<boolean>;
  /** Drops a published event. */
  remove(id: string): Promise<void>;
  /** How many events are parked. */
  count(): Promise<number>;
}

/** The root of persistence, built once per process by the composition root. */
export interface Repositories {
  readonly tenants: Tenants;
  readonly apiKeys: ApiKeys;
  readonly outbox: EventOutbox;
  forTenant(tenantId: string): TenantRepositories;
  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
