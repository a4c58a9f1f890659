/**
 * A hand-written FaceGateApp for HTTP tests: records every call, answers with plausible values, and lets a test
 * make any method throw. Keys: `client-key` (client role), `operator-key` (operator role); anything else is 401.
 */
import { AppError, forbidden, notFound, unauthorized } from '../app/app-error.js';
import type { TenantSettings } from '../domain/tenant.js';
import type { CaptureObservedV1 } from '../events/capture-observed.js';
import type { SecurityAlertV1 } from '../events/security-alert.js';
import type {
  AlertView,
  AttemptView,
  ChallengeView,
  ClientInfo,
  EnrollmentStarted,
  EnrollmentView,
  FaceGateApp,
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
} from '../app/facegate-app.js';

export const CLIENT_KEY = 'client-key';
export const OPERATOR_KEY = 'operator-key';

type Method = keyof FaceGateApp;

export class FakeFaceGateApp implements FaceGateApp {
  readonly calls: { method: Method; args: unknown[] }[] = [];
  /** Set to make the next calls of a method throw (an AppError, or anything else). */
  readonly failures = new Map<Method, unknown>();
  verifyResult: VerifyResult = {
    decision: 'granted',
    score: 0.91,
    threshold: 0.6,
    userId: 'usr_1',
    token: 'jwt.token.sig',
  };
  identifyResult: IdentifyResult = { decision: 'granted', userId: 'usr_1', username: 'alice', score: 0.88 };
  settings: TenantSettings = {
    requirePossession: false,
    activeChallenge: false,
    requireBurst: false,
    lightChallenge: false,
  };
  health_: HealthReport = { status: 'ok', checks: { database: 'ok' }, modelVersion: 'frn128-v1', backend: 'wasm' };

  private record(method: Method, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.failures.has(method)) throw this.failures.get(method);
  }

  /** The arguments of the last call of `method`. */
  lastCall(method: Method): unknown[] | undefined {
    return this.calls.filter((c) => c.method === method).at(-1)?.args;
  }

  authenticate(authorization: string | undefined): Promise<Principal> {
    return run(() => {
      this.record('authenticate', authorization);
      const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (key === CLIENT_KEY) return { tenantId: 'ten_a', role: 'client', apiKeyId: 'key_c' };
      if (key === OPERATOR_KEY) return { tenantId: 'ten_a', role: 'operator', apiKeyId: 'key_o' };
      throw unauthorized();
    });
  }

  startEnrollment(principal: Principal, input: StartEnrollmentInput): Promise<EnrollmentStarted> {
    return run(() => {
      this.record('startEnrollment', principal, input);
      return {
        enrollmentId: 'enr_1',
        userId: 'usr_1',
        status: 'pending',
        upload: {
          url: 'http://localhost:8080/_local/uploads/tenants/ten_a/users/usr_1/enroll/cap_1.jpg?sig=x',
          method: 'PUT',
          headers: { 'Content-Type': 'image/jpeg' },
          expiresAt: '2025-01-01T00:05:00.000Z',
        },
      };
    });
  }

  getEnrollment(principal: Principal, enrollmentId: string): Promise<EnrollmentView> {
    return run(() => {
      this.record('getEnrollment', principal, enrollmentId);
      if (enrollmentId !== 'enr_1') throw notFound('enrollment');
      return { enrollmentId, userId: 'usr_1', status: 'rejected', reason: 'blurred', quality: { sharpness: 3.2 } };
    });
  }

  verify(principal: Principal, input: VerifyInput): Promise<VerifyResult> {
    return run(() => {
      this.record('verify', principal, input);
      return this.verifyResult;
    });
  }

  identify(principal: Principal, input: IdentifyInput): Promise<IdentifyResult> {
    return run(() => {
      this.record('identify', principal, input);
      return this.identifyResult;
    });
  }

  listUsers(principal: Principal, input: ListUsersInput): Promise<{ users: UserView[]; nextCursor?: string }> {
    return run(() => {
      this.record('listUsers', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      const user: UserView = {
        userId: 'usr_1',
        username: 'alice',
        displayName: 'Alice',
        status: 'active',
        templates: 1,
        createdAt: '2025-01-01T00:00:00.000Z',
      };
      return { users: [user], nextCursor: 'c2' };
    });
  }

  listAttempts(
    principal: Principal,
    input: ListAttemptsInput,
  ): Promise<{ attempts: AttemptView[]; nextCursor?: string }> {
    return run(() => {
      this.record('listAttempts', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      const attempt: AttemptView = {
        id: 'att_1',
        kind: 'verify',
        outcome: 'denied',
        score: 0.21,
        threshold: 0.4,
        reason: 'below_threshold',
        latencyMs: 88,
        stageLatencies: { detect: 20, embed: 40 },
        modelVersion: 'frn128-flip-v1',
        userId: 'usr_1',
        username: 'alice',
        claimedUsername: 'alice',
        clientIp: '127.0.0.1',
        createdAt: '2025-01-01T00:00:00.000Z',
        quality: { brightness: 120.5, sharpness: 310 },
        livenessScore: null,
        livenessEvidence: null,
        label: null,
      };
      return { attempts: [attempt] };
    });
  }

  labelAttempt(principal: Principal, attemptId: string, input: LabelAttemptInput): Promise<AttemptView> {
    return run(() => {
      this.record('labelAttempt', principal, attemptId, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (attemptId !== 'att_1') throw notFound('attempt');
      return {
        ...fakeAttempt,
        label: { label: input.label, note: input.note ?? null, labelledAt: '2025-01-01T01:00:00.000Z' },
      };
    });
  }

  metrics(principal: Principal, input: MetricsInput): Promise<MetricsView> {
    return run(() => {
      this.record('metrics', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      return fakeMetrics;
    });
  }

  listDriftReports(
    principal: Principal,
    input: { limit?: number; cursor?: string },
  ): Promise<{ reports: DriftReportView[]; nextCursor?: string }> {
    return run(() => {
      this.record('listDriftReports', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      return { reports: [fakeDriftReport], nextCursor: 'd2' };
    });
  }

  onCaptureObserved(event: CaptureObservedV1): Promise<void> {
    return run(() => this.record('onCaptureObserved', event));
  }

  runDriftCheck(input: { tenantId?: string }): Promise<DriftReportView[]> {
    return run(() => {
      this.record('runDriftCheck', input);
      return [fakeDriftReport];
    });
  }

  deleteUser(principal: Principal, userId: string): Promise<void> {
    return run(() => {
      this.record('deleteUser', principal, userId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (userId !== 'usr_1') throw notFound('user');
    });
  }

  createChallenge(principal: Principal, client?: ClientInfo): Promise<ChallengeView> {
    return run(() => {
      this.record('createChallenge', principal, client);
      return {
        challengeId: 'chl_1',
        nonce: 'bm9uY2Vub25jZW5vbmNlbm9uY2Vub25jZW5vbmNlMTI',
        tenantId: principal.tenantId,
        expiresAt: '2025-01-01T00:02:00.000Z',
        ...(this.settings.activeChallenge ? { prompt: 'turn_left' as const } : {}),
        ...(this.settings.requireBurst || this.settings.lightChallenge ? { burst: true } : {}),
        ...(this.settings.lightChallenge ? { light: ['red', 'blue', 'green'] as ('red' | 'green' | 'blue')[] } : {}),
      };
    });
  }

  getSettings(principal: Principal): Promise<TenantSettings> {
    return run(() => {
      this.record('getSettings', principal);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      return { ...this.settings };
    });
  }

  updateSettings(principal: Principal, patch: Partial<TenantSettings>): Promise<TenantSettings> {
    return run(() => {
      this.record('updateSettings', principal, patch);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      this.settings = { ...this.settings, ...patch };
      return { ...this.settings };
    });
  }

  unlockUser(principal: Principal, userId: string): Promise<{ wasLocked: boolean }> {
    return run(() => {
      this.record('unlockUser', principal, userId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (userId !== 'usr_1') throw notFound('user');
      return { wasLocked: true };
    });
  }

  listAlerts(principal: Principal, input: ListAlertsInput): Promise<{ alerts: AlertView[]; nextCursor?: string }> {
    return run(() => {
      this.record('listAlerts', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      const alert: AlertView = {
        alertId: 'alr_1',
        kind: 'repeated_failures',
        severity: 'medium',
        userId: 'usr_1',
        attemptIds: ['att_1', 'att_2', 'att_3'],
        summary: '3 failed face logins in a row for this account',
        createdAt: '2025-01-01T00:00:00.000Z',
        status: 'undelivered',
        deliveryAttempts: 3,
        lastError: 'HTTP 500',
        triage: { summary: 'Likely a colleague trying their luck', severity: 'low', model: 'gemini-test' },
      };
      return { alerts: [alert], nextCursor: 'c2' };
    });
  }

  getUser(principal: Principal, userId: string): Promise<UserDetailView> {
    return run(() => {
      this.record('getUser', principal, userId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (userId !== 'usr_1') throw notFound('user');
      return {
        user: {
          userId,
          username: 'alice',
          status: 'active',
          templates: 1,
          createdAt: '2025-01-01T00:00:00.000Z',
          lockedUntil: '2025-01-01T00:10:00.000Z',
        },
        photos: [{ captureId: 'cap_1', createdAt: '2025-01-01T00:00:00.000Z' }],
      };
    });
  }

  getUserPhoto(principal: Principal, userId: string, captureId: string): Promise<UserPhoto> {
    return run(() => {
      this.record('getUserPhoto', principal, userId, captureId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (userId !== 'usr_1' || captureId !== 'cap_1') throw notFound('photo');
      return { contentType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) };
    });
  }

  acknowledgeAlert(principal: Principal, alertId: string): Promise<AlertView> {
    return run(() => {
      this.record('acknowledgeAlert', principal, alertId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (alertId !== 'alr_1') throw notFound('alert');
      return {
        alertId,
        kind: 'repeated_failures',
        severity: 'medium',
        attemptIds: ['att_1'],
        summary: '3 failed face logins in a row for this account',
        createdAt: '2025-01-01T00:00:00.000Z',
        status: 'delivered',
        deliveryAttempts: 1,
        acknowledgedAt: '2025-01-01T00:05:00.000Z',
        acknowledgedBy: principal.apiKeyId,
      };
    });
  }

  getWebhook(principal: Principal): Promise<WebhookStatus> {
    return run(() => {
      this.record('getWebhook', principal);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      return { configured: true, url: 'https://hooks.example.com/facegate' };
    });
  }

  setWebhook(principal: Principal, input: WebhookInput): Promise<WebhookView> {
    return run(() => {
      this.record('setWebhook', principal, input);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      return { url: input.url, secret: input.secret ?? 'generated-secret-generated-secret-0123' };
    });
  }

  deleteWebhook(principal: Principal): Promise<void> {
    return run(() => {
      this.record('deleteWebhook', principal);
      if (principal.role !== 'operator') throw forbidden('operator key required');
    });
  }

  onSecurityAlert(event: SecurityAlertV1): Promise<void> {
    return run(() => this.record('onSecurityAlert', event));
  }

  redeliverAlerts(): Promise<number> {
    return run(() => {
      this.record('redeliverAlerts');
      return 0;
    });
  }

  jwks(tenantId?: string): Promise<{ keys: object[] }> {
    return run(() => {
      this.record('jwks', tenantId);
      return { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', alg: 'ES256', use: 'sig' }] };
    });
  }

  health(): Promise<HealthReport> {
    return run(() => {
      this.record('health');
      return this.health_;
    });
  }

  onObjectFinalized(event: ObjectFinalized): Promise<void> {
    return run(() => this.record('onObjectFinalized', event));
  }
}

const fakeAttempt: AttemptView = {
  id: 'att_1',
  kind: 'verify',
  outcome: 'granted',
  score: 0.71,
  threshold: 0.4,
  reason: null,
  latencyMs: 95,
  stageLatencies: { decode: 5, detect: 30, align: 2, embed: 50, total: 87 },
  modelVersion: 'frn128-flip-v1',
  userId: 'usr_1',
  username: 'alice',
  claimedUsername: 'alice',
  clientIp: '127.0.0.1',
  createdAt: '2025-01-01T00:00:00.000Z',
  quality: { brightness: 120.5 },
  livenessScore: 0.93,
  livenessEvidence: null,
  label: null,
};

const latency = { p50: 90, p95: 140, p99: 180 };

export const fakeMetrics: MetricsView = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-01-01T02:00:00.000Z',
  bucketSeconds: 3600,
  totals: {
    attempts: 3,
    outcomes: { granted: 2, denied: 1, error: 0 },
    reasons: { no_match: 1 },
    throughputPerMinute: 0.025,
    latency,
    stages: { detect: latency, total: latency },
    labels: { genuine: 1, impostor: 0, fraud: 0 },
  },
  buckets: [
    {
      start: '2025-01-01T00:00:00.000Z',
      attempts: 3,
      outcomes: { granted: 2, denied: 1, error: 0 },
      throughputPerMinute: 0.05,
      latency,
    },
    {
      start: '2025-01-01T01:00:00.000Z',
      attempts: 0,
      outcomes: { granted: 0, denied: 0, error: 0 },
      throughputPerMinute: 0,
      latency: null,
    },
  ],
  scores: {
    threshold: 0.4,
    binWidth: 0.05,
    bins: [{ from: 0.2, to: 0.25, granted: 0, denied: 1, labelledGenuine: 1, labelledImpostor: 0 }],
  },
  frr: {
    falseRejects: 1,
    linkedRetries: 0,
    labelledGenuine: 1,
    genuineAttempts: 3,
    estimate: 1 / 3,
    linkWindowSeconds: 600,
  },
  far: { falseAccepts: 0, impostorAttempts: 0, presumedImpostors: 0, grants: 2, estimate: null },
};

export const fakeDriftReport: DriftReportView = {
  id: 'drf_1',
  modelVersion: 'frn128-flip-v1',
  status: 'drift',
  severity: 'alert',
  window: { start: '2025-01-02T00:00:00.000Z', end: '2025-01-03T00:00:00.000Z', count: 120 },
  reference: { start: '2024-12-26T00:00:00.000Z', end: '2025-01-02T00:00:00.000Z', count: 900 },
  moved: ['brightness'],
  features: [
    {
      feature: 'brightness',
      referenceCount: 900,
      recentCount: 120,
      psi: 1.2,
      ks: 0.6,
      ksPValue: 1e-20,
      meanShift: -45,
      referenceMean: 120,
      recentMean: 75,
      moved: true,
      severity: 'alert',
      trigger: { statistic: 'psi', value: 1.2, threshold: 0.25 },
    },
  ],
  createdAt: '2025-01-03T00:00:01.000Z',
};

/** Runs synchronously written fake logic as a promise, so throws become rejections like a real async method's. */
function run<T>(body: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(body()));
}

/** An AppError for tests of the error mapping. */
export function appError(status: AppError['status'], code: string, retryAfterSeconds?: number): AppError {
  return new AppError(status, code, `${code} happened`, { retryAfterSeconds });
}
