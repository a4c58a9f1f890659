import type { JsonObject } from './json.js';

/** pending → processing → active | rejected (see {@link ENROLLMENT_TRANSITIONS}). */
export type EnrollmentStatus = 'pending' | 'processing' | 'active' | 'rejected';

export const ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ['pending', 'processing', 'active', 'rejected'];

/**
 * Every status change the lifecycle allows. `processing → pending` hands a claim back after a
 * transient failure so a redelivered event can try again; `active` and `rejected` are final.
 */
export const ENROLLMENT_TRANSITIONS: Readonly<Record<EnrollmentStatus, readonly EnrollmentStatus[]>> = {
  pending: ['processing', 'rejected'],
  processing: ['active', 'rejected', 'pending'],
  active: [],
  rejected: [],
};

/** True when the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: EnrollmentStatus, to: EnrollmentStatus): boolean {
  return ENROLLMENT_TRANSITIONS[from].includes(to);
}

/** One enrollment of a user: a single upload slot and its processing outcome. */
export interface Enrollment {
  id: string;
  tenantId: string;
  userId: string;
  /**
   * Id of the capture this enrollment expects, chosen when the upload URL is signed
   * (`tenants/{tenantId}/users/{userId}/enroll/{captureId}`), so the embed step can find the
   * enrollment from the object name alone.
   */
  captureId: string;
  status: EnrollmentStatus;
  /** Why it was rejected (a reason code such as `no_face`), when it was. */
  reason: string | null;
  quality: JsonObject | null;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
}
