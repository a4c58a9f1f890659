/**
 * Which model version a tenant's requests use: the tenant's override (tenant_model_settings, set by
 * `npm run models:activate` or `models:reembed --activate`), else the manifest's default. Read per request (one
 * primary-key lookup), so a switch takes effect on every instance at once.
 */
import { UnknownModelVersionError } from '../../face/errors.js';
import type { FaceEngine } from '../../face/face-engine.js';
import { AppError } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { TenantThreshold } from '../../calibration/tenant-threshold.js';

/** One model version ready to use: its engine and its decision threshold. */
export interface ModelChoice {
  version: string;
  engine: FaceEngine;
  threshold: number;
  /** How the tenant's threshold was set (self-calibration); absent when the service has none. */
  calibration?: TenantThreshold;
}

export interface TenantModel extends ModelChoice {
  /** While a re-embed fills another version: enrollments write a template of it too. */
  reembedTarget?: ModelChoice;
}

/** The engine and threshold of `version`. @throws UnknownModelVersionError */
export async function modelChoice(deps: Pick<AppDeps, 'engines' | 'match'>, version: string): Promise<ModelChoice> {
  return { version, engine: await deps.engines.get(version), threshold: deps.match.thresholdFor(version) };
}

export async function tenantModel(
  deps: Pick<AppDeps, 'engines' | 'match' | 'repos' | 'log' | 'thresholds'>,
  tenantId: string,
): Promise<TenantModel> {
  const setting = await deps.repos.forTenant(tenantId).modelSettings.get();
  const version = setting?.activeVersion ?? deps.engines.defaultVersion;
  let active: ModelChoice;
  try {
    active = await modelChoice(deps, version);
  } catch (err) {
    if (!(err instanceof UnknownModelVersionError)) throw err;
    // The tenant points at a version this deployment's manifest no longer lists: refuse rather than guess.
    deps.log.error('tenant model version is not in the manifest', { tenantId, version });
    throw new AppError(503, 'model_unavailable', `Model version "${version}" is not available`);
  }
  if (deps.thresholds) {
    // The tenant's own population decides, once its gallery is large enough (calibration/tenant-threshold.ts).
    const calibration = await deps.thresholds.forTenant(tenantId, active.engine);
    active = { ...active, threshold: calibration.threshold, calibration };
  }
  const target = setting?.reembedTarget;
  if (!target || target === version) return active;
  try {
    return { ...active, reembedTarget: await modelChoice(deps, target) };
  } catch (err) {
    if (!(err instanceof UnknownModelVersionError)) throw err;
    deps.log.warn('ignoring a re-embed target that is not in the manifest', { tenantId, target });
    return active;
  }
}
