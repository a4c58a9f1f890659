import { z } from 'zod';
import type { TenantSettings } from '../../domain/tenant.js';
import { badRequest, notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

const patch = z
  .strictObject({
    requirePossession: z.boolean().optional(),
    activeChallenge: z.boolean().optional(),
    requireBurst: z.boolean().optional(),
    lightChallenge: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one setting');

/** Changes the given settings of the caller's tenant (operator only), with an audit record of what changed. */
export async function updateSettings(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  raw: Partial<TenantSettings>,
): Promise<TenantSettings> {
  requireOperator(principal);
  const parsed = patch.safeParse(raw);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid settings', parsed.error.issues);
  const changes: Partial<TenantSettings> = {};
  if (parsed.data.requirePossession !== undefined) changes.requirePossession = parsed.data.requirePossession;
  if (parsed.data.activeChallenge !== undefined) changes.activeChallenge = parsed.data.activeChallenge;
  if (parsed.data.requireBurst !== undefined) changes.requireBurst = parsed.data.requireBurst;
  if (parsed.data.lightChallenge !== undefined) changes.lightChallenge = parsed.data.lightChallenge;
  const tenant = await deps.repos.transaction(async (tx) => {
    const updated = await tx.tenants.updateSettings(principal.tenantId, changes);
    if (!updated) throw notFound('Tenant');
    await tx.forTenant(principal.tenantId).auditEvents.add({
      action: 'tenant.settings_changed',
      actor: principal.apiKeyId,
      subjectType: 'tenant',
      subjectId: principal.tenantId,
      details: { ...changes },
    });
    return updated;
  });
  return { ...tenant.settings };
}
