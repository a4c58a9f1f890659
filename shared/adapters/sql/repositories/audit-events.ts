import type { AuditEvent } from '../../../domain/audit-event.js';
import { newId } from '../../../domain/ids.js';
import type { AuditEvents, NewAuditEvent, Page } from '../../../ports/repositories.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, fromJsonColumn, num, pageLimit, toJsonColumn } from '../column-values.js';
import { newestFirstPage } from '../newest-first-page.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { AuditEventsTable } from '../schema.js';

function toAuditEvent(row: AuditEventsTable): AuditEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: fromJsonColumn(row.details),
    createdAt: num(row.created_at),
  };
}

/** One tenant's audit trail (append-only). */
export class SqlAuditEvents implements AuditEvents {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(input: NewAuditEvent): Promise<AuditEvent> {
    const row: AuditEventsTable = {
      id: checkLength('audit event id', input.id ?? newId('auditEvent'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      actor: checkLength('actor', input.actor, COLUMN_LIMITS.actor),
      action: checkLength('action', input.action, COLUMN_LIMITS.action),
      subject_type: checkLength('subjectType', input.subjectType ?? null, COLUMN_LIMITS.subjectType),
      subject_id: checkLength('subjectId', input.subjectId ?? null, COLUMN_LIMITS.id),
      details: toJsonColumn('details', input.details),
      created_at: this.ctx.now(),
    };
    await guarded(() => this.ctx.db.insertInto('audit_events').values(row).execute());
    return toAuditEvent(row);
  }

  async list(query: { limit?: number; cursor?: string } = {}): Promise<Page<AuditEvent>> {
    const limit = pageLimit(query.limit, 100, 1000);
    const select = this.ctx.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', this.tenantId);
    return newestFirstPage(select, { limit, cursor: query.cursor }, toAuditEvent);
  }
}
