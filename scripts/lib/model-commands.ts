/** What the `models:*` commands share: the service's own composition (same database and blobs) and tenant lists. */
import { buildComposition, type Composition } from '../../shared/compose.js';
import { silentLogger } from '../../shared/app/logger.js';
import { InputError } from './cli.js';

/** The composition the service itself would build from this environment (FACEGATE_DB_URL, blob backend…). */
export async function withComposition<T>(work: (c: Composition) => Promise<T>): Promise<T> {
  const composition = await buildComposition(process.env, { log: silentLogger });
  try {
    return await work(composition);
  } finally {
    await composition.close();
  }
}

/** `--tenant <id>`, or every tenant, oldest first. */
export async function tenantIds(c: Composition, tenant: string | undefined): Promise<string[]> {
  if (tenant !== undefined) {
    if (!(await c.repos.tenants.get(tenant))) throw new InputError(`no tenant "${tenant}" in this database`);
    return [tenant];
  }
  return (await c.repos.tenants.list()).map((t) => t.id);
}
