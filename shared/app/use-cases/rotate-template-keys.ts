/**
 * Template key rotation: re-encrypt every stored template under the active key, tenant by tenant, in batches.
 *
 * Resumable and idempotent by construction: each template row names the key that sealed it (`key_id`), so a run
 * only touches rows under another key, and a stopped run is continued by running again. The old keys must stay in
 * the keyring until a run reports `remaining: 0`; only then may they be dropped.
 */
import type { Repositories } from '../../ports/repositories.js';

export interface RotateTemplateKeysOptions {
  /** Count only: which keys seal how many templates, nothing written. */
  dryRun?: boolean;
  /** Rows re-encrypted per batch (default 200). */
  batchSize?: number;
  /** Called after each batch and at the end of each tenant. */
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationProgress {
  tenantId: string;
  tenantIndex: number;
  tenantCount: number;
  /** Rows re-encrypted so far, over all tenants. */
  resealed: number;
  /** Rows that were under an old key when the run started, over all tenants. */
  toReseal: number;
}

export interface RotationReport {
  activeKeyId: string;
  dryRun: boolean;
  tenants: number;
  /** Templates per key id before the run, over all tenants. */
  before: Record<string, number>;
  /** Templates per key id after the run (equal to `before` on a dry run). */
  after: Record<string, number>;
  resealed: number;
  /** Templates still sealed under a key other than the active one. */
  remaining: number;
  failed: { tenantId: string; templateId: string; keyId: string; message: string }[];
}

const DEFAULT_BATCH = 200;

/** Runs (or, with `dryRun`, plans) a rotation of every template to `activeKeyId`, the repositories' active key. */
export async function rotateTemplateKeys(
  repos: Repositories,
  activeKeyId: string,
  options: RotateTemplateKeysOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const tenants = await repos.tenants.list();
  const before: Record<string, number> = {};
  const counts = new Map<string, Record<string, number>>();
  for (const tenant of tenants) {
    const byKey = await repos.forTenant(tenant.id).templates.countByKey();
    counts.set(tenant.id, byKey);
    addInto(before, byKey);
  }
  const toReseal = sumExcept(before, activeKeyId);
  const report: RotationReport = {
    activeKeyId,
    dryRun: options.dryRun === true,
    tenants: tenants.length,
    before,
    after: before,
    resealed: 0,
    remaining: toReseal,
    failed: [],
  };
  if (options.dryRun) return report;

  for (const [index, tenant] of tenants.entries()) {
    const templates = repos.forTenant(tenant.id).templates;
    const progress = () =>
      options.onProgress?.({
        tenantId: tenant.id,
        tenantIndex: index,
        tenantCount: tenants.length,
        resealed: report.resealed,
        toReseal,
      });
    if (sumExcept(counts.get(tenant.id) ?? {}, activeKeyId) > 0) {
      // `after` moves past rows that failed, so one unreadable row never stalls the run.
      for (let after: string | undefined; ;) {
        const batch = await templates.resealBatch({ limit: batchSize, ...(after === undefined ? {} : { after }) });
        report.resealed += batch.resealed;
        for (const f of batch.failed) report.failed.push({ tenantId: tenant.id, ...f });
        progress();
        if (batch.last === undefined || batch.scanned < batchSize) break;
        after = batch.last;
      }
    }
    progress();
  }

  const after: Record<string, number> = {};
  for (const tenant of tenants) addInto(after, await repos.forTenant(tenant.id).templates.countByKey());
  report.after = after;
  report.remaining = sumExcept(after, activeKeyId);
  return report;
}

function addInto(total: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, n] of Object.entries(counts)) total[key] = (total[key] ?? 0) + n;
}

function sumExcept(counts: Record<string, number>, keyId: string): number {
  return Object.entries(counts).reduce((sum, [key, n]) => (key === keyId ? sum : sum + n), 0);
}
