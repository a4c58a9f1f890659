import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { badRequest } from '../app-error.js';
import type { DriftReportView, Principal } from '../facegate-app.js';
import { driftReportView } from './drift-report-view.js';
import { readPage } from './read-page.js';
import { requireOperator } from './require-operator.js';

const query = z.strictObject({
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(512).optional(),
});

/** The drift check history, newest first. */
export async function listDriftReports(
  deps: Pick<AppDeps, 'repos'>,
  principal: Principal,
  input: { limit?: number; cursor?: string },
): Promise<{ reports: DriftReportView[]; nextCursor?: string }> {
  requireOperator(principal);
  const parsed = query.safeParse(input);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid drift query', parsed.error.issues);
  const page = await readPage(() =>
    deps.repos.forTenant(principal.tenantId).driftReports.list({
      limit: parsed.data.limit ?? 50,
      ...(parsed.data.cursor ? { cursor: parsed.data.cursor } : {}),
    }),
  );
  return {
    reports: page.items.map(driftReportView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
