import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../domain/tenant.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

/** The tenant's settings (operator only). */
export async function getSettings(deps: Pick<AppDeps, 'repos'>, principal: Principal): Promise<TenantSettings> {
  requireOperator(principal);
  const tenant = await deps.repos.tenants.get(principal.tenantId);
  return { ...(tenant?.settings ?? DEFAULT_TENANT_SETTINGS) };
}
