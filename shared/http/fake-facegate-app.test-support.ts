/**
 * A hand-written FaceGateApp for HTTP tests: records every call, answers with plausible values, and lets a test
 * make any method throw. Keys: `client-key` (client role), `operator-key` (operator role); anything else is 401.
 */
import { AppError, forbidden, notFound, unauthorized } from '../app/app-error.js';
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
  ListAttemptsInput,
  ListUsersInput,
  ObjectFinalized,
  Principal,
  StartEnrollmentInput,
  UserView,
  VerifyInput,
  VerifyResult,
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
  settings: TenantSettings = { requirePossession: false, activeChallenge: false };
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
        claimedUsername: 'alice',
        clientIp: '127.0.0.1',
        createdAt: '2025-01-01T00:00:00.000Z',
      };
      return { attempts: [attempt] };
    });
  }

  deleteUser(principal: Principal, userId: string): Promise<void> {
    return run(() => {
      this.record('deleteUser', principal, userId);
      if (principal.role !== 'operator') throw forbidden('operator key required');
      if (userId !== 'usr_1') throw notFound('user');
    });
  }

  createChallenge(principal: Principal): Promise<ChallengeView> {
    return run(() => {
      this.record('createChallenge', principal);
      return {
        challengeId: 'chl_1',
        nonce: 'bm9uY2Vub25jZW5vbmNlbm9uY2Vub25jZW5vbmNlMTI',
        tenantId: principal.tenantId,
        expiresAt: '2025-01-01T00:02:00.000Z',
        ...(this.settings.activeChallenge ? { prompt: 'turn_left' as const } : {}),
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

  jwks(): Promise<{ keys: object[] }> {
    return run(() => {
      this.record('jwks');
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

/** Runs synchronously written fake logic as a promise, so throws become rejections like a real async method's. */
function run<T>(body: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(body()));
}

/** An AppError for tests of the error mapping. */
export function appError(status: AppError['status'], code: string, retryAfterSeconds?: number): AppError {
  return new AppError(status, code, `${code} happened`, { retryAfterSeconds });
}
