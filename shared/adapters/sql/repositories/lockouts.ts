import type { LockoutState } from '../../../domain/lockout-policy.js';
import type { LockoutRequest, LockoutReservation, Lockouts } from '../../../ports/repositories.js';
import { sql } from 'kysely';
import { checkLength, num, numOrNull } from '../column-values.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import { retryOnDeadlock } from '../upsert-retry.js';

/** Where one scope's row lives: `account_lockouts` for the whole account, `client_lockouts` for one client. */
interface Scope {
  table: 'account_lockouts' | 'client_lockouts';
  client: string | null;
}

const scopeOf = (client: string | null | undefined): Scope =>
  client == null
    ? { table: 'account_lockouts', client: null }
    : { table: 'client_lockouts', client: checkLength('client', client, COLUMN_LIMITS.clientIp) };

/**
 * One tenant's account lockout counters. A failure is one upsert (`failures + 1`), atomic on both databases, so
 * failures arriving at once on several instances are all counted; a reservation reads and changes its row inside
 * one transaction after an upsert that locks the row (MySQL) or the database (SQLite), so concurrent reservations
 * see each other's counts and locks.
 */
export class SqlLockouts implements Lockouts {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async get(userId: string, client?: string | null): Promise<LockoutState | null> {
    return this.read(this.ctx, userId, scopeOf(client));
  }

  async latestLock(userId: string): Promise<number | null> {
    return (await this.latestLocks([userId])).get(userId) ?? null;
  }

  async latestLocks(userIds: readonly string[]): Promise<Map<string, number>> {
    const latest = new Map<string, number>();
    if (userIds.length === 0) return latest;
    for (const table of ['account_lockouts', 'client_lockouts'] as const) {
      const rows = await this.ctx.db
        .selectFrom(table)
        .select((eb) => ['user_id', eb.fn.max('locked_until').as('until')])
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', 'in', [...userIds])
        .groupBy('user_id')
        .execute();
      for (const row of rows) {
        const until = numOrNull(row.until ?? null);
        if (until !== null) latest.set(row.user_id, Math.max(until, latest.get(row.user_id) ?? -Infinity));
      }
    }
    return latest;
  }

  recordFailure(userId: string): Promise<LockoutState> {
    return retryOnDeadlock(() =>
      withTransaction(this.ctx, async (ctx) => {
        await this.upsert(ctx, userId, scopeOf(null), 1);
        // Inside the transaction the row stays locked, so this reads exactly this failure's count.
        const state = await this.read(ctx, userId, scopeOf(null));
        if (!state) throw new Error('lockout row vanished inside its transaction');
        return state;
      }),
    );
  }

  reserve(userId: string, request: LockoutRequest): Promise<LockoutReservation | { lockedUntil: number }> {
    const scope = scopeOf(request.client);
    return retryOnDeadlock(() =>
      withTransaction(this.ctx, async (ctx) => {
        await this.upsert(ctx, userId, scope, 0);
        const state = await this.read(ctx, userId, scope);
        if (!state) throw new Error('lockout row vanished inside its transaction');
        if (state.lockedUntil !== null && state.lockedUntil > request.now) return { lockedUntil: state.lockedUntil };
        const failures = state.failures + 1;
        const delay = request.delayMs(failures);
        const lockedUntil = delay > 0 ? request.now + delay : null;
        await this.where(
          ctx.db
            .updateTable(scope.table)
            .set({ failures, updated_at: ctx.now(), ...(lockedUntil === null ? {} : { locked_until: lockedUntil }) }),
          userId,
          scope,
        ).execute();
        return { client: scope.client, failures, lockedUntil, previousLockedUntil: state.lockedUntil };
      }),
    );
  }

  async release(userId: string, reservation: LockoutReservation): Promise<void> {
    const scope = scopeOf(reservation.client);
    await this.where(
      this.ctx.db.updateTable(scope.table).set({
        failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
        updated_at: this.ctx.now(),
      }),
      userId,
      scope,
    ).execute();
    if (reservation.lockedUntil === null) {
      // Back to nothing: no row, as before any failure.
      await this.where(this.ctx.db.deleteFrom(scope.table), userId, scope)
        .where('failures', '=', 0)
        .where('locked_until', 'is', null)
        .execute();
      return;
    }
    // Undo the lock only if nothing replaced it since (a later reservation's lock stays).
    await this.where(
      this.ctx.db.updateTable(scope.table).set({ locked_until: reservation.previousLockedUntil }),
      userId,
      scope,
    )
      .where('locked_until', '=', reservation.lockedUntil)
      .execute();
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

  async reset(userId: string, client?: string): Promise<boolean> {
    const account = await this.ctx.db
      .deleteFrom('account_lockouts')
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    let clients = this.ctx.db
      .deleteFrom('client_lockouts')
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId);
    if (client !== undefined) clients = clients.where('client_key', '=', scopeOf(client).client!);
    const perClient = await clients.executeTakeFirst();
    return account.numDeletedRows + perClient.numDeletedRows > 0n;
  }

  private async read(ctx: SqlContext, userId: string, scope: Scope): Promise<LockoutState | null> {
    const row = await this.where(
      ctx.db.selectFrom(scope.table).select(['failures', 'locked_until']),
      userId,
      scope,
    ).executeTakeFirst();
    return row ? { failures: num(row.failures), lockedUntil: numOrNull(row.locked_until) } : null;
  }

  /** Inserts the scope's row with `add` failures, or adds `add` to it (0: only makes sure it exists and locks it). */
  private async upsert(ctx: SqlContext, userId: string, scope: Scope, add: number): Promise<void> {
    const now = ctx.now();
    const values = { tenant_id: this.tenantId, user_id: userId, failures: add, locked_until: null, updated_at: now };
    if (scope.table === 'account_lockouts') {
      const insert = ctx.db.insertInto('account_lockouts').values(values);
      await guarded(() =>
        ctx.dialect === 'mysql'
          ? insert.onDuplicateKeyUpdate({ failures: sql`failures + ${add}`, updated_at: now }).execute()
          : insert
              .onConflict((oc) =>
                oc
                  .columns(['tenant_id', 'user_id'])
                  .doUpdateSet({ failures: sql`account_lockouts.failures + ${add}`, updated_at: now }),
              )
              .execute(),
      );
      return;
    }
    const insert = ctx.db.insertInto('client_lockouts').values({ ...values, client_key: scope.client! });
    await guarded(() =>
      ctx.dialect === 'mysql'
        ? insert.onDuplicateKeyUpdate({ failures: sql`failures + ${add}`, updated_at: now }).execute()
        : insert
            .onConflict((oc) =>
              oc
                .columns(['tenant_id', 'user_id', 'client_key'])
                .doUpdateSet({ failures: sql`client_lockouts.failures + ${add}`, updated_at: now }),
            )
            .execute(),
    );
  }

  /** Narrows a query to this tenant, the user and the scope's row. */
  private where<Q extends { where: (...args: never[]) => Q }>(query: Q, userId: string, scope: Scope): Q {
    // Kysely's builders are typed per table; both tables share these columns.
    const q = query as unknown as {
      where(column: string, op: string, value: unknown): typeof q;
    };
    let narrowed = q.where('tenant_id', '=', this.tenantId).where('user_id', '=', userId);
    if (scope.client !== null) narrowed = narrowed.where('client_key', '=', scope.client);
    return narrowed as unknown as Q;
  }
}
