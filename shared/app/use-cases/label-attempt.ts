import { z } from 'zod';
import { ATTEMPT_LABELS } from '../../domain/attempt.js';
import type { AppDeps } from '../app-deps.js';
import { badRequest, notFound } from '../app-error.js';
import type { AttemptView, LabelAttemptInput, Principal } from '../facegate-app.js';
import { attemptView, usernamesOf } from './attempt-view.js';
import { requireOperator } from './require-operator.js';

const input = z.strictObject({
  label: z.enum(ATTEMPT_LABELS),
  note: z.string().max(500).optional(),
});

/**
 * An operator's verdict on an attempt (genuine, impostor or fraud): the ground truth the online FAR/FRR estimates
 * use. A later label replaces an earlier one; each is kept in the audit trail.
 */
export async function labelAttempt(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  attemptId: string,
  body: LabelAttemptInput,
): Promise<AttemptView> {
  requireOperator(principal);
  const parsed = input.safeParse(body);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid label', parsed.error.issues);
  if (attemptId.length > 64) throw notFound('attempt');
  const repos = deps.repos.forTenant(principal.tenantId);
  const labelled = await repos.transaction(async (tx) => {
    const attempt = await tx.attempts.label(attemptId, {
      label: parsed.data.label,
      note: parsed.data.note ?? null,
      by: principal.apiKeyId,
    });
    if (!attempt) return null;
    await tx.auditEvents.add({
      action: 'attempt.labelled',
      actor: principal.apiKeyId,
      subjectType: 'attempt',
      subjectId: attempt.id,
      details: { label: parsed.data.label, ...(parsed.data.note ? { note: parsed.data.note } : {}) },
    });
    return attempt;
  });
  if (!labelled) throw notFound('attempt');
  return attemptView(labelled, await usernamesOf(repos.users, [labelled]));
}
