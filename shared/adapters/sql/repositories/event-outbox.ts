/** Events waiting to be published (migration 0011), for every tenant. */
import type { EventOutbox, ParkedEvent } from '../../../ports/repositories.js';
import { ConflictError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num, truncate } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { EventOutboxTable } from '../schema.js';

function toParked(row: EventOutboxTable): ParkedEvent {
  return {
    id: row.id,
    topic: row.topic,
    tenantId: row.tenant_id,
    payload: row.payload,
    attempts: num(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: num(row.next_attempt_at),
    createdAt: num(row.created_at),
  };
}

export class SqlEventOutbox implements EventOutbox {
  constructor(private readonly ctx: SqlContext) {}

  async park(event: { id: string; topic: string; tenantId: string; payload: string; lastError: string }) {
    const now = this.ctx.now();
    try {
      await guarded(() =>
        this.ctx.db
          .insertInto('event_outbox')
          .values({
            id: checkLength('event id', event.id, COLUMN_LIMITS.id),
            topic: checkLength('topic', event.topic, COLUMN_LIMITS.id),
            tenant_id: checkLength('tenantId', event.tenantId, COLUMN_LIMITS.id),
            payload: event.payload,
            attempts: 1,
            last_error: truncate(event.lastError, COLUMN_LIMITS.summary),
            next_attempt_at: now,
            created_at: now,
          })
          .execute(),
      );
    } catch (error) {
      // Parked already (a retried publish of the same event): one row is enough.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async due(now: number, limit: number): Promise<ParkedEvent[]> {
    const rows = await this.ctx.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('next_attempt_at', '<=', now)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toParked);
  }

  async claim(event: ParkedEvent, retryAt: number): Promise<boolean> {
    // The read values are the lock: of two relays holding the same row, one updates it, the other none.
    const result = await this.ctx.db
      .updateTable('event_outbox')
      .set({ attempts: event.attempts + 1, next_attempt_at: retryAt })
      .where('id', '=', event.id)
      .where('attempts', '=', event.attempts)
      .where('next_attempt_at', '=', event.nextAttemptAt)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async remove(id: string): Promise<void> {
    await this.ctx.db.deleteFrom('event_outbox').where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('event_outbox')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
