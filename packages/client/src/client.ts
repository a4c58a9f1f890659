/**
 * FaceGateClient: one typed method per FaceGate API operation, plus `enroll`, the whole enrollment (create → signed
 * upload → poll) in one call. Failures throw FaceGateError (or use `settle` for a Result value); a denied face is a
 * result, not an error.
 */
import { HttpClient, type ApiKeySource, type FetchLike } from './http-client.js';
import { encodeImage, fileNameFor, imageType, uploadBody, type ImageInput } from './image-input.js';
import { pollEnrollment, type PollOptions } from './poll-enrollment.js';
import { fetchUploader, type SignedUploader } from './signed-upload.js';
import type {
  Alert,
  AlertPage,
  Attempt,
  AttemptLabel,
  UserDetail,
  WebhookSet,
  WebhookStatus,
  AttemptFilter,
  AttemptPage,
  Challenge,
  DriftReportPage,
  Enrollment,
  EnrollmentStarted,
  IdentifyResult,
  IdentifyFactors,
  LoginFactors,
  Metrics,
  PublicJwk,
  StartEnrollmentRequest,
  TenantSettings,
  UserPage,
  VerifyResult,
} from './wire-types.js';

export interface FaceGateClientOptions {
  /**
   * In a browser: the publishable key (`fgpk_…`) bound to the page's origin. On a server: a secret client or
   * operator key, which must never reach a browser or an app bundle. A function is asked before every request.
   */
  apiKey: ApiKeySource;
  /** Where FaceGate runs, e.g. `https://facegate.example.com`; empty for the page's own server. */
  baseUrl?: string;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Extra headers on every API request. */
  headers?: Record<string, string>;
  /** How the enrollment photo is PUT to its signed URL; default one fetch. */
  uploader?: SignedUploader;
}

export interface EnrollInput extends Omit<StartEnrollmentRequest, 'contentType'> {
  photo: ImageInput;
  signal?: AbortSignal;
  /** Polling of the enrollment's status after the upload (intervals, timeout, `onStatus`). */
  poll?: Omit<PollOptions, 'signal'>;
}

/** The decided enrollment (`active`, or `rejected` with `reason`) and the ids to keep. */
export type EnrollResult = Enrollment;

export class FaceGateClient {
  protected readonly http: HttpClient;
  private readonly uploader: SignedUploader;

  constructor(options: FaceGateClientOptions) {
    this.http = new HttpClient(options.apiKey, options.baseUrl ?? '', options.fetch, options.headers);
    this.uploader = options.uploader ?? fetchUploader(this.http.fetch);
  }

  /**
   * Enrolls a person: creates the enrollment, uploads the photo to the signed URL, and waits until the face has been
   * checked. Resolves with the enrollment, `active` or `rejected` (then `reason` says why, e.g. `too_dark`).
   * @throws FaceGateError (`username_taken`, `rate_limited`, upload codes, `enrollment_timeout`, …)
   */
  async enroll(input: EnrollInput): Promise<EnrollResult> {
    const { photo, signal, poll, ...request } = input;
    const contentType = imageType(photo);
    const started = await this.startEnrollment({ ...request, contentType });
    await this.uploadPhoto(started, photo, signal);
    return this.waitForEnrollment(started.enrollmentId, { ...poll, signal });
  }

  /** Step 1 of `enroll`: the pending enrollment and its signed upload URL. */
  startEnrollment(input: StartEnrollmentRequest): Promise<EnrollmentStarted> {
    return this.http.request('/v1/enrollments', { method: 'POST', json: input });
  }

  /** Step 2 of `enroll`: the photo, straight to the signed URL. */
  uploadPhoto(started: Pick<EnrollmentStarted, 'upload'>, photo: ImageInput, signal?: AbortSignal): Promise<void> {
    const type = started.upload.headers['Content-Type'] ?? imageType(photo);
    return this.uploader(started.upload, uploadBody(photo, type), signal);
  }

  /** Step 3 of `enroll`: polls until the enrollment is `active` or `rejected`. */
  waitForEnrollment(enrollmentId: string, options: PollOptions = {}): Promise<Enrollment> {
    return pollEnrollment((signal) => this.getEnrollment(enrollmentId, signal), options);
  }

  getEnrollment(enrollmentId: string, signal?: AbortSignal): Promise<Enrollment> {
    return this.http.request(`/v1/enrollments/${encodeURIComponent(enrollmentId)}`, { signal });
  }

  /** A single-use challenge for the next verify or identify (possession, head-turn prompt, burst and light). */
  createChallenge(): Promise<Challenge> {
    return this.http.request('/v1/challenges', { method: 'POST' });
  }

  /**
   * 1:1: is this `username`'s face in `image`? Granted → `token`, a short-lived ES256 JWT for your server to check
   * (`verifyFaceGateToken` in @facegate/server). Blobs and bytes go as multipart; base64 as JSON.
   */
  verify(username: string, image: ImageInput, factors: LoginFactors = {}, signal?: AbortSignal): Promise<VerifyResult> {
    return this.sendCapture('/v1/verify', { username }, image, factors, signal);
  }

  /**
   * 1:N over the tenant's enrolled users. A tenant's liveness settings apply as to verify: send the challenge's id
   * and the burst (and head-turn frames) its `createChallenge` asks for; possession cannot be proven here.
   */
  identify(image: ImageInput, factors: IdentifyFactors = {}, signal?: AbortSignal): Promise<IdentifyResult> {
    return this.sendCapture('/v1/identify', {}, image, factors, signal);
  }

  /** A verify or identify: the capture with its factors, as JSON when any image is base64, else as multipart. */
  private sendCapture<T>(
    path: string,
    fields: { username?: string },
    image: ImageInput,
    factors: LoginFactors,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const frames = (factors.frames ?? []).map((frame) => encodeImage(frame));
    const burst = (factors.burst ?? []).map((frame) => encodeImage(frame));
    const encoded = encodeImage(image);
    if (encoded.kind === 'base64' || [...frames, ...burst].some((f) => f.kind === 'base64')) {
      const json = {
        ...fields,
        image: base64Of(encoded),
        ...(factors.challengeId ? { challengeId: factors.challengeId } : {}),
        ...(factors.signature ? { signature: factors.signature } : {}),
        ...(factors.passkey ? { passkey: factors.passkey } : {}),
        ...(frames.length > 0 ? { frames: frames.map(base64Of) } : {}),
        ...(burst.length > 0 ? { burst: burst.map(base64Of) } : {}),
      };
      return this.http.request(path, { method: 'POST', json, signal });
    }
    const form = new FormData();
    if (fields.username !== undefined) form.set('username', fields.username);
    if (factors.challengeId) form.set('challengeId', factors.challengeId);
    if (factors.signature) form.set('signature', factors.signature);
    if (factors.passkey) form.set('passkey', JSON.stringify(factors.passkey));
    form.set('image', encoded.blob, fileNameFor(encoded.blob));
    for (const frame of frames) if (frame.kind === 'blob') form.append('frame', frame.blob, fileNameFor(frame.blob));
    for (const frame of burst) if (frame.kind === 'blob') form.append('burst', frame.blob, fileNameFor(frame.blob));
    return this.http.request(path, { method: 'POST', form, signal });
  }

  /** The tenant's login settings (operator key). */
  getSettings(): Promise<TenantSettings> {
    return this.http.request('/v1/settings');
  }

  /** Changes login settings (operator key); the ones not named stay as they are. */
  updateSettings(patch: Partial<TenantSettings>): Promise<TenantSettings> {
    return this.http.request('/v1/settings', { method: 'PATCH', json: patch });
  }

  /** Operator key. */
  listUsers(query: { search?: string; limit?: number; cursor?: string } = {}): Promise<UserPage> {
    return this.http.request('/v1/users', { query });
  }

  /** Operator key: erases the user, their templates and photos. */
  deleteUser(userId: string): Promise<void> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}`, { method: 'DELETE' });
  }

  /** Operator key. */
  listAttempts(filter: AttemptFilter = {}): Promise<AttemptPage> {
    return this.http.request('/v1/attempts', { query: { ...filter } });
  }

  /** Operator key: online figures of a window; `bucket` like `5m`, `1h`. */
  metrics(query: { from?: string; to?: string; bucket?: string } = {}): Promise<Metrics> {
    return this.http.request('/v1/metrics', { query });
  }

  /** Operator key. */
  listDriftReports(query: { limit?: number; cursor?: string } = {}): Promise<DriftReportPage> {
    return this.http.request('/v1/drift', { query });
  }

  /** Operator key. `acknowledged: 'false'` lists the open ones only. */
  listAlerts(
    query: { since?: string; userId?: string; acknowledged?: 'true' | 'false'; limit?: number; cursor?: string } = {},
  ): Promise<AlertPage> {
    return this.http.request('/v1/alerts', { query });
  }

  /** Operator key: marks an alert as handled (the first acknowledgement stands). */
  acknowledgeAlert(alertId: string): Promise<Alert> {
    return this.http.request(`/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`, { method: 'POST' });
  }

  /** Operator key: the user, their lockout, their enrollment photos' ids, and their passkeys and device key. */
  getUser(userId: string): Promise<UserDetail> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}`);
  }

  /** Operator key: one enrollment photo of a user (each view is audited server-side). */
  userPhoto(userId: string, captureId: string, signal?: AbortSignal): Promise<Blob> {
    return this.http.blob(`/v1/users/${encodeURIComponent(userId)}/photos/${encodeURIComponent(captureId)}`, signal);
  }

  /** Operator key: lifts a lockout. */
  unlockUser(userId: string): Promise<{ userId: string; wasLocked: boolean }> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}/unlock`, { method: 'POST' });
  }

  /** Operator key: the passkey is refused from the next login on (a lost or stolen device). */
  revokePasskey(userId: string, passkeyId: string): Promise<void> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}/passkeys/${encodeURIComponent(passkeyId)}`, {
      method: 'DELETE',
    });
  }

  /** Operator key: the older device key is refused from the next login on. */
  revokeDeviceKey(userId: string, deviceKeyId: string): Promise<void> {
    return this.http.request(`/v1/users/${encodeURIComponent(userId)}/device-keys/${encodeURIComponent(deviceKeyId)}`, {
      method: 'DELETE',
    });
  }

  /** Operator key: the ground truth of an attempt (genuine, impostor, fraud). */
  labelAttempt(attemptId: string, label: AttemptLabel, note?: string): Promise<Attempt> {
    return this.http.request(`/v1/attempts/${encodeURIComponent(attemptId)}/label`, {
      method: 'POST',
      json: note ? { label, note } : { label },
    });
  }

  /** Operator key: where alerts are POSTed (never the secret). */
  getWebhook(): Promise<WebhookStatus> {
    return this.http.request('/v1/webhook');
  }

  /** Operator key: sets the webhook; the signing secret is returned this once. */
  setWebhook(url: string, secret?: string): Promise<WebhookSet> {
    return this.http.request('/v1/webhook', { method: 'PUT', json: secret ? { url, secret } : { url } });
  }

  /** Operator key. */
  deleteWebhook(): Promise<void> {
    return this.http.request('/v1/webhook', { method: 'DELETE' });
  }

  /** The public signing keys (no key needed); a tenant's own set is at `/t/<tenantId>/.well-known/jwks.json`. */
  jwks(tenantId?: string): Promise<{ keys: PublicJwk[] }> {
    const path = tenantId ? `/t/${encodeURIComponent(tenantId)}/.well-known/jwks.json` : '/.well-known/jwks.json';
    return this.http.request(path);
  }
}

function base64Of(image: ReturnType<typeof encodeImage>): string {
  if (image.kind === 'base64') return image.base64;
  throw new TypeError('give every image of one verify or identify as base64, or every one as a Blob or bytes');
}
