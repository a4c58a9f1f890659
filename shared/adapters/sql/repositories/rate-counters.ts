import { sql } from 'kysely';
import type { RateCounters } from '../../../ports/repositories.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num } from '../column-values.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import { retryOnDeadlock } from '../upsert-retry.js';

/**
 * Fixed-window request counters in the database, so every function instance counts against the same limit.
 * One row per key, written by one upsert statement (atomic on both databases): a hit in the row's window adds one,
 * a hit in a later window starts the row again at 1, and a straggler from an older window changes nothing.
 */
export class SqlRateCounters implements RateCounters {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  hit(key: string, windowStart: number): Promise<number> {
    checkLength('counter key', key, COLUMN_LIMITS.counterKey);
    return retryOnDeadlock(() =>
      withTransaction(this.ctx, async (ctx) => {
        const insert = ctx.db
          .insertInto('rate_counters')
          .values({ tenant_id: this.tenantId, counter_key: key, window_start: windowStart, hits: 1 });
        await guarded(() =>
          ctx.dialect === 'mysql'
            ? insert
                .onDuplicateKeyUpdate({
                  // MySQL assigns left to right: `hits` is computed from the old `window_start`.
                  hits: sql`if(window_start = values(window_start), hits + 1, if(window_start < values(window_start), 1, hits))`,
                  window_start: sql`greatest(window_start, values(window_start))`,
                })
                .execute()
            : insert
                .onConflict((oc) =>
                  oc.columns(['tenant_id', 'counter_key']).doUpdateSet({
                    hits: sql`case when rate_counters.window_start = excluded.window_start then rate_counters.hits + 1
                      when rate_counters.window_start < excluded.window_start then 1 else rate_counters.hits end`,
                    window_start: sql`max(rate_counters.window_start, excluded.window_start)`,
                  }),
                )
                .execute(),
        );
        const row = await ctx.db
          .selectFrom('rate_counters')
          .select(['hits', 'window_start'])
          .where('tenant_id', '=', this.tenantId)
          .where('counter_key', '=', key)
          .executeTakeFirstOrThrow();
        // A newer window already started: this request belongs to a window that is over, and counts as its last.
        return num(row.window_start) === windowStart ? num(row.hits) : 1;
      }),
    );
  }

  async prune(before: number): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('rate_counters')
      .where('tenant_id', '=', this.tenantId)
      .where('window_start', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
