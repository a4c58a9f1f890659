import type { LockoutState } from '../../../domain/lockout-policy.js';
import type { Lockouts } from '../../../ports/repositories.js';
import { sql } from 'kysely';
import { num, numOrNull } from '../column-values.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import { retryOnDeadlock } from '../upsert-retry.js';

/**
 * One tenant's account lockout counters. A failure is one upsert (`failures + 1`), atomic on both databases, so
 * failures arriving at once on several instances are all counted.
 */
export class SqlLockouts implements Lockouts {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async get(userId: string): Promise<LockoutState | null> {
    const row = await this.ctx.db
      .selectFrom('account_lockouts')
      .select(['failures', 'locked_until'])
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? { failures: num(row.failures), lockedUntil: numOrNull(row.locked_until) } : null;
  }

  recordFailure(userId: string): Promise<LockoutState> {
    return retryOnDeadlock(() =>
      withTransaction(this.ctx, async (ctx) => {
        const now = ctx.now();
        const insert = ctx.db
          .insertInto('account_lockouts')
          .values({ tenant_id: this.tenantId, user_id: userId, failures: 1, locked_until: null, updated_at: now });
        await guarded(() =>
          ctx.dialect === 'mysql'
            ? insert.onDuplicateKeyUpdate({ failures: sql`failures + 1`, updated_at: now }).execute()
            : insert
                .onConflict((oc) =>
                  oc
                    .columns(['tenant_id', 'user_id'])
                    .doUpdateSet({ failures: sql`account_lockouts.failures + 1`, updated_at: now }),
                )
                .execute(),
        );
        // Inside the transaction the row stays locked, so this reads exactly this failure's count.
        const state = await new SqlLockouts(ctx, this.tenantId).get(userId);
        if (!state) throw new Error('lockout row vanished inside its transaction');
        return state;
      }),
    );
  }

  async lockUntil(userId: string, until: number): Promise<void> {
    await this.ctx.db
      .updateTable('account_lockouts')
      .set({ locked_until: until, updated_at: this.ctx.now() })
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
      .execute();
  }

  async reset(userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('account_lockouts')
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
