/** One typed function per FaceGate API operation the web client uses. */
import { HttpClient } from './http-client.js';
import type {
  AlertPage,
  AttemptFilter,
  AttemptPage,
  DriftReportPage,
  Challenge,
  LoginFactors,
  TenantSettings,
  Enrollment,
  EnrollmentStarted,
  IdentifyResult,
  Metrics,
  StartEnrollmentRequest,
  UserPage,
  VerifyResult,
} from './wire-types.js';

export class FaceGateApi {
  private readonly http: HttpClient;

  constructor(apiKey: () => string | null, baseUrl = '', fetchImpl?: typeof fetch) {
    this.http = new HttpClient(apiKey, baseUrl, fetchImpl);
  }

  startEnrollment(input: StartEnrollmentRequest): Promise<EnrollmentStarted> {
    return this.http.request('/v1/enrollments', { method: 'POST', json: input });
  }

  getEnrollment(enrollmentId: string, signal?: AbortSignal): Promise<Enrollment> {
    return this.http.request(`/v1/enrollments/${encodeURIComponent(enrollmentId)}`, { signal });
  }

  /** A single-use challenge for the next verify (device signature, head-turn prompt). */
  createChallenge(): Promise<Challenge> {
    return this.http.request('/v1/challenges', { method: 'POST' });
  }

  /** 1:1 — multipart, the fast path: no base64 inflation of the photo. */
  verify(username: string, image: Blob, factors: LoginFactors = {}, signal?: AbortSignal): Promise<VerifyResult> {
    const form = new FormData();
    form.set('username', username);
    if (factors.challengeId) form.set('challengeId', factors.challengeId);
    if (factors.signature) form.set('signature', factors.signature);
    form.set('image', image, fileNameFor(image));
    for (const frame of factors.frames ?? []) form.append('frame', frame, fileNameFor(frame));
    for (const frame of factors.burst ?? []) form.append('burst', frame, fileNameFor(frame));
    return this.http.request('/v1/verify', { method: 'POST', form, signal });
  }

  getSettings(): Promise<TenantSettings> {
    return this.http.request('/v1/settings');
  }

  updateSettings(patch: Partial<TenantSettings>): Promise<TenantSettings> {
    return this.http.request('/v1/settings', { method: 'PATCH', json: patch });
  }

  /** 1:N over the tenant's enrolled users. */
  identify(image: Blob, signal?: AbortSignal): Promise<IdentifyResult> {
    const form = new FormData();
    form.set('image', image, fileNameFor(image));
    return this.http.request('/v1/identify', { method: 'POST', form, signal });
  }

  listUsers(query: { search?: string; limit?: number; cursor?: string } = {}): Promise<UserPage> {
    return this.http.request('/v1/users', { query });
  }

  deleteUser(userId: string): Promise<void> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}`, { method: 'DELETE' });
  }

  listAttempts(filter: AttemptFilter = {}): Promise<AttemptPage> {
    return this.http.request('/v1/attempts', { query: { ...filter } });
  }

  /** Online figures of a window: `bucket` like `5m`, `1h`. */
  metrics(query: { from?: string; to?: string; bucket?: string } = {}): Promise<Metrics> {
    return this.http.request('/v1/metrics', { query });
  }

  listDriftReports(query: { limit?: number; cursor?: string } = {}): Promise<DriftReportPage> {
    return this.http.request('/v1/drift', { query });
  }

  listAlerts(query: { since?: string; limit?: number; cursor?: string } = {}): Promise<AlertPage> {
    return this.http.request('/v1/alerts', { query });
  }

  jwks(): Promise<{ keys: JsonWebKey[] }> {
    return this.http.request('/.well-known/jwks.json');
  }
}

function fileNameFor(image: Blob): string {
  if (image instanceof File && image.name) return image.name;
  const ext = image.type === 'image/png' ? 'png' : image.type === 'image/webp' ? 'webp' : 'jpg';
  return `capture.${ext}`;
}
