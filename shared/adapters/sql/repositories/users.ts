import { sql, type Kysely } from 'kysely';
import { newId } from '../../../domain/ids.js';
import type { User } from '../../../domain/user.js';
import type { NewUser, Page, UserListQuery, Users } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num, pageLimit } from '../column-values.js';
import { decodeKeyCursor, encodeKeyCursor } from '../cursors.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import type { FacegateSchema, UsersTable } from '../schema.js';
import { recordTemplateChange } from './templates.js';
import { eventSchemas, isTopic } from '../../../events/registry.js';

function toUser(row: UsersTable): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** `!` escapes LIKE wildcards: unlike `\`, it means the same in MySQL and SQLite string literals. */
function likeContains(search: string): string {
  return `%${search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** One tenant's users. */
export class SqlUsers implements Users {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async create(input: NewUser): Promise<User> {
    if (input.username.length === 0) throw new InvalidInputError('username is empty');
    const now = this.ctx.now();
    const row: UsersTable = {
      id: checkLength('user id', input.id ?? newId('user'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      username: checkLength('username', input.username, COLUMN_LIMITS.username),
      display_name: checkLength('displayName', input.displayName ?? null, COLUMN_LIMITS.displayName),
      email: checkLength('email', input.email ?? null, COLUMN_LIMITS.email),
      password_hash: checkLength('passwordHash', input.passwordHash ?? null, COLUMN_LIMITS.passwordHash),
      created_at: now,
      updated_at: now,
    };
    await guarded(() => this.ctx.db.insertInto('users').values(row).execute());
    return toUser(row);
  }

  async byId(id: string): Promise<User | null> {
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async byUsername(username: string): Promise<User | null> {
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('username', '=', username)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async list(query: UserListQuery = {}): Promise<Page<User>> {
    const limit = pageLimit(query.limit, 50, 500);
    let select = this.ctx.db.selectFrom('users').selectAll().where('tenant_id', '=', this.tenantId);
    if (query.cursor !== undefined) select = select.where('username', '>', decodeKeyCursor(query.cursor));
    if (query.search !== undefined && query.search.trim() !== '') {
      const pattern = likeContains(query.search.trim());
      select = select.where((eb) =>
        eb.or([
          sql<boolean>`lower(username) like ${pattern} escape '!'`,
          sql<boolean>`lower(display_name) like ${pattern} escape '!'`,
          sql<boolean>`lower(email) like ${pattern} escape '!'`,
        ]),
      );
    }
    const rows = await select
      .orderBy('username')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map(toUser);
    const last = items.at(-1);
    return rows.length > limit && last ? { items, nextCursor: encodeKeyCursor(last.username) } : { items };
  }

  async listAbandoned(query: { startedBefore: number; limit: number }): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('users as u')
      .select('u.id')
      .where('u.tenant_id', '=', this.tenantId)
      .where('u.created_at', '<', query.startedBefore)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('enrollments as e')
              .select('e.id')
              .whereRef('e.tenant_id', '=', 'u.tenant_id')
              .whereRef('e.user_id', '=', 'u.id')
              .where((inner) =>
                inner.or([
                  inner('e.status', 'in', ['active', 'processing']),
                  inner('e.created_at', '>=', query.startedBefore),
                ]),
              ),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('templates as t')
              .select('t.id')
              .whereRef('t.tenant_id', '=', 'u.tenant_id')
              .whereRef('t.user_id', '=', 'u.id'),
          ),
        ),
      )
      .orderBy('u.created_at')
      .orderBy('u.id')
      .limit(query.limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async endOidcSessions(id: string): Promise<void> {
    await deleteOidcPayloads(this.ctx.db, this.tenantId, id);
  }

  async delete(id: string): Promise<boolean> {
    return withTransaction(this.ctx, async (trx) => {
      const { db } = trx;
      const user = await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!user) return false;
      // Audit events about the person's rows go too: what stays is the erasure record the caller writes next.
      const subjects = [id];
      for (const table of ['enrollments', 'captures', 'templates'] as const) {
        const rows = await db
          .selectFrom(table)
          .select('id')
          .where('tenant_id', '=', this.tenantId)
          .where('user_id', '=', id)
          .execute();
        subjects.push(...rows.map((row) => row.id));
      }
      for (let i = 0; i < subjects.length; i += 500) {
        await db
          .deleteFrom('audit_events')
          .where('tenant_id', '=', this.tenantId)
          .where('subject_id', 'in', subjects.slice(i, i + 500))
          .execute();
      }
      // Children first, explicitly: the cascading foreign keys are a safety net, not the mechanism.
      await db.deleteFrom('templates').where('tenant_id', '=', this.tenantId).where('user_id', '=', id).execute();
      // Logged under the one-way key only (the person is being erased), and always: an instance may hold the
      // user's templates from before, even if none is left now.
      await recordTemplateChange(trx, this.tenantId, [id], true);
      await db.deleteFrom('enrollments').where('tenant_id', '=', this.tenantId).where('user_id', '=', id).execute();
      await db.deleteFrom('captures').where('tenant_id', '=', this.tenantId).where('user_id', '=', id).execute();
      // Attempts stay for the statistics but stop pointing at the person.
      await db
        .updateTable('attempts')
        .set({ user_id: null, claimed_username: null })
        .where('tenant_id', '=', this.tenantId)
        .where((eb) => eb.or([eb('user_id', '=', id), eb('claimed_username', '=', user.username)]))
        .execute();
      await db
        .deleteFrom('account_lockouts')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', id)
        .execute();
      await scrubAlerts(db, this.tenantId, id);
      await scrubParkedEvents(db, this.tenantId, id);
      await deleteOidcPayloads(db, this.tenantId, id);
      const result = await db
        .deleteFrom('users')
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}

/**
 * Alerts stay as the tenant's incident record, without the person: their id is taken out of the column and out of
 * the stored event (as `userId` or `relatedUserId`). Ids are random, so a LIKE finds exactly the alerts naming them.
 */
async function scrubAlerts(db: Kysely<FacegateSchema>, tenantId: string, userId: string): Promise<void> {
  const rows = await db
    .selectFrom('alerts')
    .select(['id', 'event'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('event', 'like', `%${userId}%`)]))
    .execute();
  for (const row of rows) {
    const event = JSON.parse(row.event) as Record<string, unknown>;
    for (const [key, value] of Object.entries(event)) if (value === userId) delete event[key];
    await db
      .updateTable('alerts')
      .set((eb) => ({
        event: JSON.stringify(event),
        user_id: eb.case().when('user_id', '=', userId).then(null).else(eb.ref('user_id')).end(),
      }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', row.id)
      .execute();
  }
}

/**
 * Events parked in the outbox (Pub/Sub was down) that name the person: the id is taken out where the contract lets
 * it go (an attempt or alert keeps its statistics), and the event is dropped where it cannot stand without it (a
 * `face.enrolled` for someone who no longer exists would only make consumers look them up).
 */
async function scrubParkedEvents(db: Kysely<FacegateSchema>, tenantId: string, userId: string): Promise<void> {
  const rows = await db
    .selectFrom('event_outbox')
    .select(['id', 'topic', 'payload'])
    .where('tenant_id', '=', tenantId)
    .where('payload', 'like', `%${userId}%`)
    .execute();
  for (const row of rows) {
    const event = JSON.parse(row.payload) as Record<string, unknown>;
    for (const [key, value] of Object.entries(event)) if (value === userId) delete event[key];
    const stands = isTopic(row.topic) && eventSchemas[row.topic].safeParse(event).success;
    if (stands) {
      await db
        .updateTable('event_outbox')
        .set({ payload: JSON.stringify(event) })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', row.id)
        .execute();
    } else {
      await db.deleteFrom('event_outbox').where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
    }
  }
}

/**
 * The OpenID Provider's sessions, grants, codes and tokens naming the person (as `accountId`), and every document
 * of the same grants: an erased person is signed out everywhere and no code or token of theirs can be redeemed.
 */
async function deleteOidcPayloads(db: Kysely<FacegateSchema>, tenantId: string, userId: string): Promise<void> {
  const naming = await db
    .selectFrom('oidc_payloads')
    .select(['model', 'id', 'grant_id'])
    .where('tenant_id', '=', tenantId)
    .where('payload', 'like', `%${userId}%`)
    .execute();
  const grants = [...new Set(naming.map((row) => row.grant_id).filter((g): g is string => g !== null))];
  if (grants.length > 0) {
    await db.deleteFrom('oidc_payloads').where('tenant_id', '=', tenantId).where('grant_id', 'in', grants).execute();
  }
  await db
    .deleteFrom('oidc_payloads')
    .where('tenant_id', '=', tenantId)
    .where('payload', 'like', `%${userId}%`)
    .execute();
}
