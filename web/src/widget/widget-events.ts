/**
 * The events `<facegate-login>` and `<facegate-enroll>` dispatch (CustomEvents that bubble out of the element,
 * and out of a shadow root when the host app puts the element in one):
 *
 * - `facegate-granted`  (login)  detail: { username, userId?, score, threshold, token?, decisionMs }
 * - `facegate-denied`   (login)  detail: { username, reason? }
 * - `facegate-enrolled` (enroll) detail: { username, userId, enrollmentId }
 * - `facegate-rejected` (enroll) detail: { username, reason? }
 * - `facegate-error`    (both)   detail: { code, status, message, retryAfterSeconds? } — the API refused or was
 *   unreachable (e.g. `unauthorized`: the publishable key was not accepted)
 */

export interface GrantedDetail {
  username: string;
  userId?: string;
  score?: number;
  threshold?: number;
  token?: string;
  decisionMs: number;
}

export interface DeniedDetail {
  username: string;
  reason?: string;
}

export interface EnrolledDetail {
  username: string;
  userId: string;
  enrollmentId: string;
}

export interface ErrorDetail {
  code: string;
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

export interface FaceGateEventMap {
  'facegate-granted': CustomEvent<GrantedDetail>;
  'facegate-denied': CustomEvent<DeniedDetail>;
  'facegate-enrolled': CustomEvent<EnrolledDetail>;
  'facegate-rejected': CustomEvent<DeniedDetail>;
  'facegate-error': CustomEvent<ErrorDetail>;
}

export function emit<K extends keyof FaceGateEventMap>(
  target: EventTarget,
  type: K,
  detail: FaceGateEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
