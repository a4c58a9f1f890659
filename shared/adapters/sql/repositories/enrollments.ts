import {
  canTransition,
  ENROLLMENT_STATUSES,
  type Enrollment,
  type EnrollmentStatus,
} from '../../../domain/enrollment.js';
import { newId } from '../../../domain/ids.js';
import type { EnrollmentPatch, Enrollments, NewEnrollment } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, fromJsonColumn, num, toJsonColumn } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { EnrollmentsTable } from '../schema.js';

const isLive = (status: EnrollmentStatus): boolean => status === 'pending' || status === 'processing';

function toEnrollment(row: EnrollmentsTable): Enrollment {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    captureId: row.capture_id,
    status: row.status as EnrollmentStatus,
    reason: row.reason,
    quality: fromJsonColumn(row.quality),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** One tenant's enrollments, whose status only moves along the domain's lifecycle. */
export class SqlEnrollments implements Enrollments {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async create(input: NewEnrollment): Promise<Enrollment> {
    const now = this.ctx.now();
    const row: EnrollmentsTable = {
      id: checkLength('enrollment id', input.id ?? newId('enrollment'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      user_id: input.userId,
      capture_id: checkLength('captureId', input.captureId, COLUMN_LIMITS.id),
      status: 'pending',
      reason: null,
      quality: null,
      live_user_id: input.userId,
      created_at: now,
      updated_at: now,
    };
    await guarded(() => this.ctx.db.insertInto('enrollments').values(row).execute());
    return toEnrollment(row);
  }

  async get(id: string): Promise<Enrollment | null> {
    const row = await this.ctx.db
      .selectFrom('enrollments')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async byCaptureId(captureId: string): Promise<Enrollment | null> {
    const row = await this.ctx.db
      .selectFrom('enrollments')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('capture_id', '=', captureId)
      .executeTakeFirst();
    return row ? toEnrollment(row) : null;
  }

  async statusesByUsers(userIds: readonly string[]): Promise<Map<string, EnrollmentStatus[]>> {
    const statuses = new Map<string, EnrollmentStatus[]>();
    if (userIds.length === 0) return statuses;
    const rows = await this.ctx.db
      .selectFrom('enrollments')
      .select(['user_id', 'status'])
      .distinct()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', 'in', [...userIds])
      .execute();
    for (const row of rows)
      statuses.set(row.user_id, [...(statuses.get(row.user_id) ?? []), row.status as EnrollmentStatus]);
    return statuses;
  }

  async listByUser(userId: string): Promise<Enrollment[]> {
    const rows = await this.ctx.db
      .selectFrom('enrollments')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEnrollment);
  }

  async transition(
    id: string,
    from: readonly EnrollmentStatus[],
    to: EnrollmentStatus,
    patch: EnrollmentPatch = {},
  ): Promise<Enrollment | null> {
    if (!ENROLLMENT_STATUSES.includes(to))
      throw new InvalidInputError(`unknown enrollment status ${JSON.stringify(to)}`);
    if (from.length === 0) throw new InvalidInputError('transition needs at least one status to move from');
    for (const status of from) {
      if (!canTransition(status, to)) throw new InvalidInputError(`an enrollment cannot move from ${status} to ${to}`);
    }
    const set: Partial<EnrollmentsTable> = { status: to, updated_at: this.ctx.now() };
    // A finished enrollment gives up the user's live slot (see migration 0007).
    if (!isLive(to)) set.live_user_id = null;
    if (patch.reason !== undefined) set.reason = checkLength('reason', patch.reason, COLUMN_LIMITS.reason);
    if (patch.quality !== undefined) set.quality = toJsonColumn('quality', patch.quality);
    // The status condition in the WHERE clause is the lock: of two racing callers, one updates a row, the other none.
    const result = await this.ctx.db
      .updateTable('enrollments')
      .set(set)
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? this.get(id) : null;
  }

  async reclaimStale(id: string, claimedBefore: number): Promise<Enrollment | null> {
    const result = await this.ctx.db
      .updateTable('enrollments')
      .set({ updated_at: this.ctx.now() })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .where('updated_at', '<', claimedBefore)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? this.get(id) : null;
  }

  async deleteByUser(userId: string): Promise<number> {
    const result = await guarded(() =>
      this.ctx.db
        .deleteFrom('enrollments')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }
}
