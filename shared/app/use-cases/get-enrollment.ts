import { notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { EnrollmentView, Principal } from '../facegate-app.js';

/** Status of an enrollment of the caller's tenant; another tenant's id is simply not found. */
export async function getEnrollment(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  enrollmentId: string,
): Promise<EnrollmentView> {
  const e = await deps.repos.forTenant(principal.tenantId).enrollments.get(enrollmentId);
  if (!e) throw notFound('Enrollment');
  return {
    enrollmentId: e.id,
    userId: e.userId,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.quality ? { quality: e.quality } : {}),
  };
}
