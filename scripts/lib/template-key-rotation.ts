/**
 * The flow behind `npm run keys:rotate-template`: pick (or, locally, make) the target key, re-encrypt every
 * template under it, and say when the old keys can go. Kept apart from the CLI so tests run it on both databases.
 *
 * - Local stack (no FACEGATE_TEMPLATE_KEY): the keyring lives in `<dataDir>/secrets.json`. A run with no rotation
 *   in progress adds a fresh key as the active one; a run that finds several keys resumes the unfinished
 *   rotation. When no template is left under an old key, the old keys are deleted from the file.
 * - Configured key (Secret Manager): the operator deploys the new key as FACEGATE_TEMPLATE_KEY with a new
 *   FACEGATE_TEMPLATE_KEY_ID and the old one in FACEGATE_TEMPLATE_RETIRED_KEYS, then runs this; the report says
 *   when FACEGATE_TEMPLATE_RETIRED_KEYS may be emptied.
 */
import { composeMaintenance, type MaintenanceComposition } from '../../shared/compose.js';
import { rotateTemplateKeys, type RotationReport } from '../../shared/app/use-cases/rotate-template-keys.js';
import { resealAtRest } from '../../shared/app/use-cases/reseal-at-rest.js';
import { silentLogger } from '../../shared/app/logger.js';

export interface TemplateKeyRotationOptions {
  dryRun: boolean;
  batchSize?: number;
  /** Where progress and the summary go (one line per call). */
  write: (line: string) => void;
}

export interface TemplateKeyRotationResult extends RotationReport {
  /** Key ids deleted from the local keyring, or that may now be removed from FACEGATE_TEMPLATE_RETIRED_KEYS. */
  retiredKeyIds: string[];
  /** True when this run made the active key (local stack). */
  createdKey: boolean;
}

export async function runTemplateKeyRotation(
  env: NodeJS.ProcessEnv,
  options: TemplateKeyRotationOptions,
): Promise<TemplateKeyRotationResult> {
  const { write } = options;
  let stack: MaintenanceComposition = await composeMaintenance(env, { log: silentLogger });
  let createdKey = false;
  try {
    const { local, keyIds } = stack.templateKeys;
    if (local && keyIds.length > 1) {
      write(`resuming the rotation to ${stack.templateKeys.activeKeyId} (keys still readable: ${keyIds.join(', ')})`);
    } else if (local && !options.dryRun) {
      const next = await (await stack.secrets()).addTemplateKey();
      createdKey = true;
      write(
        `new template key ${next.activeKeyId} added to ${stack.config.dataDir}/secrets.json; old keys stay readable`,
      );
      await stack.close();
      stack = await composeMaintenance(env, { log: silentLogger });
    }
    const activeKeyId = stack.templateKeys.activeKeyId;
    let lastLine = 0;
    const report = await rotateTemplateKeys(stack.repos, activeKeyId, {
      dryRun: options.dryRun,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      onProgress: (p) => {
        const now = Date.now();
        const tenantDone = p.tenantIndex === p.tenantCount - 1 || now - lastLine > 1000;
        if (!tenantDone) return;
        lastLine = now;
        write(
          `  tenant ${p.tenantIndex + 1}/${p.tenantCount} (${p.tenantId}): ${p.resealed}/${p.toReseal} re-encrypted`,
        );
      },
    });
    write(
      `${options.dryRun ? 'dry run: ' : ''}${report.tenants} tenants; templates by key before: ${formatCounts(report.before)}` +
        (options.dryRun ? '' : `; after: ${formatCounts(report.after)}`),
    );
    write(
      `active key ${activeKeyId}: ${report.resealed} re-encrypted, ${report.remaining} still under an old key, ${report.failed.length} unreadable`,
    );
    for (const f of report.failed.slice(0, 20)) {
      write(`  unreadable: tenant ${f.tenantId} template ${f.templateId} (key ${f.keyId}): ${f.message}`);
    }

    // Webhook secrets and stored photos are sealed under the same keys: re-wrapped before any old key may go.
    const atRest = options.dryRun
      ? null
      : await resealAtRest(stack.repos, stack.blobs, stack.cipher, stack.oidcPayloads);
    if (atRest) {
      write(
        `at rest: ${atRest.webhookSecrets} webhook secret(s), ${atRest.oidcClientSecrets} OIDC client secret(s) and ${atRest.captures} photo(s) sealed under ${activeKeyId}, ` +
          `${atRest.unchanged} photo(s) already were, ${atRest.failed.length} unreadable`,
      );
      for (const f of atRest.failed.slice(0, 20))
        write(`  unreadable photo: tenant ${f.tenantId} capture ${f.captureId}: ${f.message}`);
    }

    let retiredKeyIds: string[] = [];
    const finished =
      !options.dryRun && report.remaining === 0 && report.failed.length === 0 && atRest?.failed.length === 0;
    if (finished && local) {
      retiredKeyIds = await (await stack.secrets()).retireTemplateKeys();
      if (retiredKeyIds.length) write(`rotation finished: deleted old keys ${retiredKeyIds.join(', ')}`);
    } else if (finished) {
      retiredKeyIds = stack.templateKeys.keyIds.filter((id) => id !== activeKeyId);
      if (retiredKeyIds.length)
        write(`rotation finished: ${retiredKeyIds.join(', ')} may now be removed from FACEGATE_TEMPLATE_RETIRED_KEYS`);
    } else if (!options.dryRun) {
      write('rotation NOT finished: keep the old keys and run again (rows left as they were are retried)');
    }
    if (createdKey || retiredKeyIds.length) write('restart running services so they load the new keyring');
    return { ...report, retiredKeyIds, createdKey };
  } finally {
    await stack.close();
  }
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([key, n]) => `${key}=${n}`).join(' ') : 'none';
}
