import {
  ALERT_DELIVERY_STATUSES,
  type Alert,
  type AlertDeliveryStatus,
  type AlertSeverity,
  type AlertTriage,
} from '../../../domain/alert.js';
import type { AlertDeliveryPatch, AlertQuery, Alerts, NewAlert, Page, Upserted } from '../../../ports/repositories.js';
import { ConflictError, InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, fromJsonColumn, num, numOrNull, pageLimit, toJsonColumn, truncate } from '../column-values.js';
import { newestFirstPage } from '../newest-first-page.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { AlertsTable } from '../schema.js';

function toAlert(row: AlertsTable): Alert {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    severity: row.severity as AlertSeverity,
    userId: row.user_id,
    attemptIds: JSON.parse(row.attempt_ids) as string[],
    summary: row.summary,
    event: fromJsonColumn(row.event) ?? {},
    status: row.status as AlertDeliveryStatus,
    deliveryAttempts: num(row.delivery_attempts),
    lastError: row.last_error,
    nextAttemptAt: numOrNull(row.next_attempt_at),
    deliveredAt: numOrNull(row.delivered_at),
    triage: fromJsonColumn(row.triage) as AlertTriage | null,
    createdAt: num(row.created_at),
    acknowledgedAt: numOrNull(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
  };
}

/** One tenant's recorded security alerts and the state of their webhook delivery. */
export class SqlAlerts implements Alerts {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async record(input: NewAlert): Promise<Upserted<Alert>> {
    const existing = await this.get(input.id);
    if (existing) return { value: existing, created: false };
    if (!Number.isSafeInteger(input.createdAt)) throw new InvalidInputError('createdAt must be epoch milliseconds');
    for (const attemptId of input.attemptIds) checkLength('attempt id', attemptId, COLUMN_LIMITS.id);
    const row: AlertsTable = {
      id: checkLength('alert id', input.id, COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      kind: checkLength('kind', input.kind, COLUMN_LIMITS.alertKind),
      severity: input.severity,
      user_id: checkLength('userId', input.userId, COLUMN_LIMITS.id),
      attempt_ids: JSON.stringify(input.attemptIds),
      summary: truncate(input.summary, COLUMN_LIMITS.summary) ?? '',
      event: toJsonColumn('event', input.event) ?? '{}',
      status: 'pending',
      delivery_attempts: 0,
      last_error: null,
      next_attempt_at: null,
      delivered_at: null,
      triage: null,
      created_at: input.createdAt,
      acknowledged_at: null,
      acknowledged_by: null,
    };
    try {
      await guarded(() => this.ctx.db.insertInto('alerts').values(row).execute());
    } catch (error) {
      // A concurrent delivery of the same event recorded it first.
      if (!(error instanceof ConflictError)) throw error;
      const winner = await this.get(input.id);
      if (!winner) throw error;
      return { value: winner, created: false };
    }
    return { value: toAlert(row), created: true };
  }

  async get(id: string): Promise<Alert | null> {
    const row = await this.ctx.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAlert(row) : null;
  }

  async updateDelivery(id: string, patch: AlertDeliveryPatch): Promise<boolean> {
    if (!ALERT_DELIVERY_STATUSES.includes(patch.status))
      throw new InvalidInputError(`unknown delivery status ${JSON.stringify(patch.status)}`);
    const result = await this.ctx.db
      .updateTable('alerts')
      .set({
        status: patch.status,
        delivery_attempts: patch.deliveryAttempts,
        last_error: truncate(patch.lastError, COLUMN_LIMITS.summary),
        next_attempt_at: patch.nextAttemptAt,
        delivered_at: patch.deliveredAt,
      })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setTriage(id: string, triage: AlertTriage): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('alerts')
      .set({ triage: toJsonColumn('triage', { ...triage }) })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async acknowledge(id: string, by: string, at: number): Promise<Alert | null> {
    checkLength('acknowledgedBy', by, COLUMN_LIMITS.id);
    // The first acknowledgement stands: a second click (or a second operator) does not rewrite who and when.
    await this.ctx.db
      .updateTable('alerts')
      .set({ acknowledged_at: at, acknowledged_by: by })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .execute();
    return this.get(id);
  }

  async list(query: AlertQuery = {}): Promise<Page<Alert>> {
    const limit = pageLimit(query.limit, 50, 500);
    let select = this.ctx.db.selectFrom('alerts').selectAll().where('tenant_id', '=', this.tenantId);
    if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
    if (query.severity !== undefined) select = select.where('severity', '=', query.severity);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
    if (query.acknowledged !== undefined)
      select = select.where('acknowledged_at', query.acknowledged ? 'is not' : 'is', null);
    if (query.since !== undefined) select = select.where('created_at', '>=', query.since);
    if (query.until !== undefined) select = select.where('created_at', '<', query.until);
    return newestFirstPage(select, { limit, cursor: query.cursor }, toAlert);
  }

  async listDue(now: number, limit: number): Promise<Alert[]> {
    const rows = await this.ctx.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('status', '=', 'undelivered')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(pageLimit(limit, 20, 500))
      .execute();
    return rows.map(toAlert);
  }
}
