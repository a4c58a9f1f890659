import type { DriftReport, DriftSeverity, DriftStatus, FeatureDrift } from '../../../domain/drift-report.js';
import { newId } from '../../../domain/ids.js';
import type { DriftReports, NewDriftReport, Page } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS, JSON_MAX_BYTES } from '../column-limits.js';
import { checkLength, num, pageLimit } from '../column-values.js';
import { newestFirstPage } from '../newest-first-page.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { DriftReportsTable } from '../schema.js';

const STATUSES: readonly DriftStatus[] = ['stable', 'drift', 'insufficient'];
const SEVERITIES: readonly DriftSeverity[] = ['warning', 'alert'];

function toReport(row: DriftReportsTable): DriftReport {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    modelVersion: row.model_version,
    status: row.status as DriftStatus,
    severity: row.severity as DriftSeverity | null,
    window: { start: num(row.window_start), end: num(row.window_end), count: num(row.window_count) },
    reference: { start: num(row.reference_start), end: num(row.reference_end), count: num(row.reference_count) },
    moved: JSON.parse(row.moved) as string[],
    features: JSON.parse(row.features) as FeatureDrift[],
    createdAt: num(row.created_at),
  };
}

function jsonText(field: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > JSON_MAX_BYTES)
    throw new InvalidInputError(`${field} is larger than ${JSON_MAX_BYTES} bytes`);
  return text;
}

/** One tenant's drift check history (append-only). */
export class SqlDriftReports implements DriftReports {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(input: NewDriftReport): Promise<DriftReport> {
    if (!STATUSES.includes(input.status)) throw new InvalidInputError(`unknown drift status ${input.status}`);
    if (input.severity !== null && !SEVERITIES.includes(input.severity))
      throw new InvalidInputError(`unknown drift severity ${input.severity}`);
    const row: DriftReportsTable = {
      id: checkLength('drift report id', input.id ?? newId('driftReport'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      model_version: checkLength('modelVersion', input.modelVersion, COLUMN_LIMITS.modelVersion),
      status: input.status,
      severity: input.severity,
      window_start: input.window.start,
      window_end: input.window.end,
      window_count: input.window.count,
      reference_start: input.reference.start,
      reference_end: input.reference.end,
      reference_count: input.reference.count,
      moved: jsonText('moved', input.moved),
      features: jsonText('features', input.features),
      created_at: this.ctx.now(),
    };
    await guarded(() => this.ctx.db.insertInto('drift_reports').values(row).execute());
    return toReport(row);
  }

  async list(query: { limit?: number; cursor?: string } = {}): Promise<Page<DriftReport>> {
    const limit = pageLimit(query.limit, 50, 500);
    const select = this.ctx.db.selectFrom('drift_reports').selectAll().where('tenant_id', '=', this.tenantId);
    return newestFirstPage(select, { limit, cursor: query.cursor }, toReport);
  }
}
