/** FaceGateApp implemented by the use cases, over injected dependencies. */
import type { AppDeps } from './app-deps.js';
import type { TenantSettings } from '../domain/tenant.js';
import type {
  AttemptView,
  ChallengeView,
  EnrollmentStarted,
  EnrollmentView,
  FaceGateApp,
  HealthReport,
  IdentifyInput,
  IdentifyResult,
  DriftReportView,
  LabelAttemptInput,
  ListAttemptsInput,
  MetricsInput,
  MetricsView,
  ListUsersInput,
  ObjectFinalized,
  Principal,
  StartEnrollmentInput,
  UserView,
  VerifyInput,
  VerifyResult,
} from './facegate-app.js';
import { authenticate } from './use-cases/authenticate.js';
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

export class FaceGateService implements FaceGateApp {
  constructor(private readonly deps: AppDeps) {}

  authenticate(authorization: string | undefined): Promise<Principal> {
    return authenticate(this.deps, authorization);
  }
  startEnrollment(principal: Principal, input: StartEnrollmentInput): Promise<EnrollmentStarted> {
    return startEnrollment(this.deps, principal, input);
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
  listUsers(principal: Principal, input: ListUsersInput): Promise<{ users: UserView[]; nextCursor?: string }> {
    return listUsers(this.deps, principal, input);
  }
  listAttempts(
    principal: Principal,
    input: ListAttemptsInput,
  ): Promise<{ attempts: AttemptView[]; nextCursor?: string }> {
    return listAttempts(this.deps, principal, input);
  }
  labelAttempt(principal: Principal, attemptId: string, input: LabelAttemptInput): Promise<AttemptView> {
    return labelAttempt(this.deps, principal, attemptId, input);
  }
  metrics(principal: Principal, input: MetricsInput): Promise<MetricsView> {
    return getMetrics(this.deps, principal, input);
  }
  listDriftReports(
    principal: Principal,
    input: { limit?: number; cursor?: string },
  ): Promise<{ reports: DriftReportView[]; nextCursor?: string }> {
    return listDriftReports(this.deps, principal, input);
  }
  onCaptureObserved(event: CaptureObservedV1): Promise<void> {
    return recordCaptureObservation(this.deps, event);
  }
  runDriftCheck(input: { tenantId?: string }): Promise<DriftReportView[]> {
    return runDriftCheck(this.deps, input);
  }
  deleteUser(principal: Principal, userId: string): Promise<void> {
    return deleteUser(this.deps, principal, userId);
  }
  createChallenge(principal: Principal): Promise<ChallengeView> {
    return createChallenge(this.deps, principal);
  }
  getSettings(principal: Principal): Promise<TenantSettings> {
    return getSettings(this.deps, principal);
  }
  updateSettings(principal: Principal, patch: Partial<TenantSettings>): Promise<TenantSettings> {
    return updateSettings(this.deps, principal, patch);
  }
  jwks(): Promise<{ keys: object[] }> {
    return this.deps.tokens.jwks();
  }
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
    checks['models'] = 'ok';
    const status = Object.values(checks).every((v) => v === 'ok') ? 'ok' : 'degraded';
    return { status, checks, modelVersion: this.deps.engines.defaultVersion, backend: this.deps.backend };
  }
}
