/** The application facade over the use cases and their injected dependencies; FaceGateApp is its public face. */
import type { AppDeps } from './app-deps.js';
import type { TenantSettings } from '../domain/tenant.js';
import type { SecurityAlertV1 } from '../events/security-alert.js';
import type {
  AlertView,
  AttemptView,
  ChallengeView,
  ClientInfo,
  EnrollmentStarted,
  EnrollmentView,
  HealthReport,
  IdentifyInput,
  IdentifyResult,
  DriftReportView,
  LabelAttemptInput,
  ListAlertsInput,
  ListAttemptsInput,
  MetricsInput,
  MetricsView,
  ListUsersInput,
  ObjectFinalized,
  Principal,
  StartEnrollmentInput,
  UserView,
  UserDetailView,
  UserPhoto,
  WebhookStatus,
  VerifyInput,
  VerifyResult,
  WebhookInput,
  WebhookView,
} from './facegate-app.js';
import { handleSecurityAlert, redeliverDue } from './use-cases/handle-security-alert.js';
import { listAlerts } from './use-cases/list-alerts.js';
import { acknowledgeAlert } from './use-cases/acknowledge-alert.js';
import { getUser } from './use-cases/get-user.js';
import { getUserPhoto } from './use-cases/get-user-photo.js';
import { deleteWebhook, setWebhook, getWebhook } from './use-cases/set-webhook.js';
import { unlockUser } from './use-cases/unlock-user.js';
import { revokeDeviceKey, revokePasskey } from './use-cases/revoke-possession-credential.js';
import { authenticate } from './use-cases/authenticate.js';
import { notFound } from './app-error.js';
import { createChallenge } from './use-cases/create-challenge.js';
import { getSettings } from './use-cases/get-settings.js';
import { updateSettings } from './use-cases/update-settings.js';
import { deleteUser } from './use-cases/delete-user.js';
import { getEnrollment } from './use-cases/get-enrollment.js';
import { identifyFace } from './use-cases/identify-face.js';
import { listAttempts } from './use-cases/list-attempts.js';
import { listUsers } from './use-cases/list-users.js';
import { processEnrollmentUpload } from './use-cases/process-enrollment-upload.js';
import { startEnrollment } from './use-cases/start-enrollment.js';
import { verifyFace } from './use-cases/verify-face.js';
import type { CaptureObservedV1 } from '../events/capture-observed.js';
import { getMetrics } from './use-cases/get-metrics.js';
import { labelAttempt } from './use-cases/label-attempt.js';
import { listDriftReports } from './use-cases/list-drift-reports.js';
import { recordCaptureObservation } from './use-cases/record-capture-observation.js';
import { runDriftCheck } from './use-cases/run-drift-check.js';
import { checkModels } from './model-health.js';

/**
 * The application as the outside world sees it: one method per API operation and event. HTTP handlers, the event
 * functions and the local dev server only translate to and from these calls. Each method runs one use case.
 */
export class FaceGateService {
  constructor(private readonly deps: AppDeps) {}

  /**
   * @throws AppError 401 for a missing, malformed, unknown or revoked key; 403 `origin_not_allowed` for a
   * publishable key used from an origin it is not bound to.
   * `origin`: the request's browser origin, which a publishable key must be bound to (use-cases/authenticate.ts). */
  authenticate(authorization: string | undefined, origin?: string): Promise<Principal> {
    return authenticate(this.deps, authorization, origin);
  }
  /** `client` counts the request against the per-IP rate limit. */
  startEnrollment(principal: Principal, input: StartEnrollmentInput, client?: ClientInfo): Promise<EnrollmentStarted> {
    return startEnrollment(this.deps, principal, input, client);
  }
  getEnrollment(principal: Principal, enrollmentId: string): Promise<EnrollmentView> {
    return getEnrollment(this.deps, principal, enrollmentId);
  }
  verify(principal: Principal, input: VerifyInput): Promise<VerifyResult> {
    return verifyFace(this.deps, principal, input);
  }
  identify(principal: Principal, input: IdentifyInput): Promise<IdentifyResult> {
    return identifyFace(this.deps, principal, input);
  }
  /** Operator only. */
  listUsers(principal: Principal, input: ListUsersInput): Promise<{ users: UserView[]; nextCursor?: string }> {
    return listUsers(this.deps, principal, input);
  }
  /** Operator only: newest first. */
  listAttempts(
    principal: Principal,
    input: ListAttemptsInput,
  ): Promise<{ attempts: AttemptView[]; nextCursor?: string }> {
    return listAttempts(this.deps, principal, input);
  }
  /** Operator only: sets or replaces the label of an attempt (the ground truth of the online FAR/FRR). */
  labelAttempt(principal: Principal, attemptId: string, input: LabelAttemptInput): Promise<AttemptView> {
    return labelAttempt(this.deps, principal, attemptId, input);
  }
  /** Operator only: latency, throughput, outcomes, score distributions and FAR/FRR estimates of a window. */
  metrics(principal: Principal, input: MetricsInput): Promise<MetricsView> {
    return getMetrics(this.deps, principal, input);
  }
  /** Operator only: drift check history, newest first. */
  listDriftReports(
    principal: Principal,
    input: { limit?: number; cursor?: string },
  ): Promise<{ reports: DriftReportView[]; nextCursor?: string }> {
    return listDriftReports(this.deps, principal, input);
  }
  /** Subscriber of capture.observed.v1: stores the observation (idempotent per event). */
  onCaptureObserved(event: CaptureObservedV1): Promise<void> {
    return recordCaptureObservation(this.deps, event);
  }
  /** The scheduled drift check, for one tenant or every tenant. */
  runDriftCheck(input: { tenantId?: string }): Promise<DriftReportView[]> {
    return runDriftCheck(this.deps, input);
  }
  /** Operator only: removes the user's templates, captures, enrollments and blobs. */
  deleteUser(principal: Principal, userId: string): Promise<void> {
    return deleteUser(this.deps, principal, userId);
  }
  /**
   * A single-use challenge for the next verify (possession signature, active-challenge prompt); counted against
   * the rate limits like verify (`client` for the per-IP one).
   */
  createChallenge(principal: Principal, client?: ClientInfo): Promise<ChallengeView> {
    return createChallenge(this.deps, principal, client);
  }
  /** Operator only. */
  getSettings(principal: Principal): Promise<TenantSettings> {
    return getSettings(this.deps, principal);
  }
  /** Operator only: changes the given settings, leaves the rest. */
  updateSettings(principal: Principal, patch: Partial<TenantSettings>): Promise<TenantSettings> {
    return updateSettings(this.deps, principal, patch);
  }
  /** Operator only: lifts a lockout and forgets the account's failures. */
  unlockUser(principal: Principal, userId: string): Promise<{ wasLocked: boolean }> {
    return unlockUser(this.deps, principal, userId);
  }
  /** Operator only: the passkey stops working at once (and the account's superseded device key goes with it). */
  revokePasskey(principal: Principal, userId: string, passkeyId: string): Promise<void> {
    return revokePasskey(this.deps, principal, userId, passkeyId);
  }
  /** Operator only: the device key stops working at once. */
  revokeDeviceKey(principal: Principal, userId: string, deviceKeyId: string): Promise<void> {
    return revokeDeviceKey(this.deps, principal, userId, deviceKeyId);
  }
  /** Operator only: newest first. */
  listAlerts(principal: Principal, input: ListAlertsInput): Promise<{ alerts: AlertView[]; nextCursor?: string }> {
    return listAlerts(this.deps, principal, input);
  }
  /** Operator only. */
  getUser(principal: Principal, userId: string): Promise<UserDetailView> {
    return getUser(this.deps, principal, userId);
  }
  /** Operator only: one of the user's enrollment photos; each view is audited. */
  getUserPhoto(principal: Principal, userId: string, captureId: string): Promise<UserPhoto> {
    return getUserPhoto(this.deps, principal, userId, captureId);
  }
  /** Operator only: marks an alert as seen and handled; the first acknowledgement stands. */
  acknowledgeAlert(principal: Principal, alertId: string): Promise<AlertView> {
    return acknowledgeAlert(this.deps, principal, alertId);
  }
  /** Operator only: the webhook's URL, without its secret. */
  getWebhook(principal: Principal): Promise<WebhookStatus> {
    return getWebhook(this.deps, principal);
  }
  /** Operator only: where the tenant's alerts are POSTed, and the HMAC secret of their signature. */
  setWebhook(principal: Principal, input: WebhookInput): Promise<WebhookView> {
    return setWebhook(this.deps, principal, input);
  }
  /** Operator only. */
  deleteWebhook(principal: Principal): Promise<void> {
    return deleteWebhook(this.deps, principal);
  }
  /** The alerts step: record the incident and send it to the tenant's webhook; idempotent per alert id. */
  onSecurityAlert(event: SecurityAlertV1): Promise<void> {
    return handleSecurityAlert(this.deps, event);
  }
  /** Retries every tenant's undelivered alerts that are due. @returns how many were delivered. */
  async redeliverAlerts(): Promise<number> {
    let delivered = 0;
    for (const tenant of await this.deps.repos.tenants.list())
      delivered += await redeliverDue(this.deps, tenant.id, 100);
    return delivered;
  }
  /**
   * The public keys of access tokens. With a tenant id (its issuer's `/t/<tenantId>/.well-known/jwks.json`):
   * @throws AppError 404 `not_found` for an unknown tenant.
   */
  async jwks(tenantId?: string): Promise<{ keys: object[] }> {
    // One key set for every tenant; the per-tenant path exists so a tenant's issuer URL has its own JWKS.
    if (tenantId !== undefined && !(await this.deps.repos.tenants.get(tenantId))) throw notFound('tenant');
    return this.deps.tokens.jwks();
  }
  /** The embed step; idempotent per (object, generation). */
  onObjectFinalized(event: ObjectFinalized): Promise<void> {
    return processEnrollmentUpload(this.deps, event);
  }

  async health(): Promise<HealthReport> {
    const checks: Record<string, string> = {};
    try {
      await this.deps.repos.tenants.get('ten_healthcheck');
      checks['database'] = 'ok';
    } catch (err) {
      checks['database'] = `error: ${(err as Error).message}`;
    }
    checks['models'] = await checkModels(this.deps.engines);
    const status = Object.values(checks).every((v) => v === 'ok') ? 'ok' : 'degraded';
    return { status, checks, modelVersion: this.deps.engines.defaultVersion, backend: this.deps.backend };
  }
}
