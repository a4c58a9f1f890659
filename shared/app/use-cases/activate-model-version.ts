/**
 * Switches a tenant's active model version (`npm run models:activate`, `models:reembed --activate`). Refused while
 * any enrolled user lacks a template of the new version, since verify compares only templates of the active
 * version and that user would be locked out; `npm run models:reembed` fills the gap.
 */
import { UnknownModelVersionError } from '../../face/errors.js';
import { AppError, badRequest, notFound } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import { usersWithout } from '../template-coverage.js';
import { tenantModel } from './tenant-model.js';

export interface ActivateModelInput {
  tenantId: string;
  /** A key of the manifest's `embedders`. */
  to: string;
  /** Recorded in the audit event: an API key id or `cli`. */
  actor: string;
}

/** How many users a refusal names in its message; the whole list is in the error's details. */
const NAMED_USERS = 5;

export async function activateModelVersion(
  deps: Pick<AppDeps, 'repos' | 'engines' | 'match' | 'index' | 'log'>,
  input: ActivateModelInput,
): Promise<{ from: string; to: string }> {
  const { tenantId, to } = input;
  if (!(await deps.repos.tenants.get(tenantId))) throw notFound('Tenant');
  if (!deps.engines.versions.includes(to))
    throw badRequest('unknown_model_version', new UnknownModelVersionError(to, deps.engines.versions).message);
  const repos = deps.repos.forTenant(tenantId);
  const from = (await tenantModel(deps, tenantId)).version;
  const missing = usersWithout(await repos.templates.listCoverage(), to);
  if (missing.length > 0) {
    throw new AppError(
      409,
      'reembed_incomplete',
      `${missing.length} enrolled user(s) have no template of ${to} (${missing.slice(0, NAMED_USERS).join(', ')}` +
        `${missing.length > NAMED_USERS ? ', …' : ''}); run npm run models:reembed -- --to ${to} first`,
      { details: { usersMissing: missing } },
    );
  }
  await repos.modelSettings.setActive(to);
  const setting = await repos.modelSettings.get();
  if (setting?.reembedTarget === to) await repos.modelSettings.setReembedTarget(null);
  await repos.auditEvents.add({
    action: 'model.activated',
    actor: input.actor,
    subjectType: 'model_version',
    subjectId: null,
    details: { from, to },
  });
  deps.index.invalidate(tenantId);
  deps.log.info('model version activated', { tenantId, from, to });
  return { from, to };
}
