/**
 * The OpenID Provider's documents in the service's SQL database (table `oidc_payloads`, migration 0012), on MySQL
 * and SQLite alike. Expiry is checked on read against the injected clock; expired rows are cleared as new ones
 * are written, a few at a time, so the table does not grow with abandoned logins.
 */
import type { Kysely } from 'kysely';
import type { OidcPayloadRecord, OidcPayloads, OidcPayloadStore } from '../../ports/oidc-payloads.js';
import { COLUMN_LIMITS as L, JSON_MAX_BYTES } from './column-limits.js';
import { checkLength, num, numOrNull } from './column-values.js';
import type { SqlDatabase } from './create-database.js';
import type { SqlDialectName } from './database-url.js';
import { InvalidInputError } from '../../ports/repository-errors.js';
import { guarded } from './sql-context.js';
import type { FacegateSchema, OidcPayloadsTable } from './schema.js';

/** MEDIUMTEXT on MySQL; a session or grant is a few kilobytes, a registered client less. */
const PAYLOAD_MAX_BYTES = 64 * JSON_MAX_BYTES;
/** Expired rows removed per write: enough to keep up with the writes, never a long delete. */
const SWEEP_BATCH = 20;

export class SqlOidcPayloadStore implements OidcPayloadStore {
  constructor(
    private readonly database: Pick<SqlDatabase, 'db' | 'dialect'>,
    private readonly now: () => number = Date.now,
  ) {}

  forTenant(tenantId: string): OidcPayloads {
    checkLength('tenant id', tenantId, L.id);
    return new SqlOidcPayloads(this.database.db, this.database.dialect, tenantId, this.now);
  }
}

class SqlOidcPayloads implements OidcPayloads {
  constructor(
    private readonly db: Kysely<FacegateSchema>,
    private readonly dialect: SqlDialectName,
    private readonly tenantId: string,
    private readonly now: () => number,
  ) {}

  async upsert(record: OidcPayloadRecord): Promise<void> {
    checkLength('oidc model', record.model, L.oidcModel);
    checkLength('oidc id', record.id, L.oidcId);
    const payload = JSON.stringify(record.payload);
    if (Buffer.byteLength(payload) > PAYLOAD_MAX_BYTES) throw new InvalidInputError('oidc payload is too large');
    const key = (name: string) => {
      const value = record.payload[name];
      return typeof value === 'string' ? checkLength(`oidc ${name}`, value, L.oidcId) : null;
    };
    const row: OidcPayloadsTable = {
      tenant_id: this.tenantId,
      model: record.model,
      id: record.id,
      payload,
      grant_id: key('grantId'),
      uid: key('uid'),
      user_code: key('userCode'),
      expires_at: record.expiresAt ?? null,
      consumed_at: record.consumedAt ?? null,
    };
    const changes = {
      payload: row.payload,
      grant_id: row.grant_id,
      uid: row.uid,
      user_code: row.user_code,
      expires_at: row.expires_at,
      consumed_at: row.consumed_at,
    };
    const insert = this.db.insertInto('oidc_payloads').values(row);
    await guarded(() =>
      this.dialect === 'mysql'
        ? insert.onDuplicateKeyUpdate(changes).execute()
        : insert.onConflict((oc) => oc.columns(['tenant_id', 'model', 'id']).doUpdateSet(changes)).execute(),
    );
    await this.sweep();
  }

  find(model: string, id: string): Promise<OidcPayloadRecord | undefined> {
    return this.one('id', model, id);
  }

  findByUid(model: string, uid: string): Promise<OidcPayloadRecord | undefined> {
    return this.one('uid', model, uid);
  }

  findByUserCode(model: string, userCode: string): Promise<OidcPayloadRecord | undefined> {
    return this.one('user_code', model, userCode);
  }

  async consume(model: string, id: string): Promise<void> {
    await guarded(() =>
      this.db
        .updateTable('oidc_payloads')
        .set({ consumed_at: this.now() })
        .where('tenant_id', '=', this.tenantId)
        .where('model', '=', model)
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .execute(),
    );
  }

  async destroy(model: string, id: string): Promise<void> {
    await guarded(() =>
      this.db
        .deleteFrom('oidc_payloads')
        .where('tenant_id', '=', this.tenantId)
        .where('model', '=', model)
        .where('id', '=', id)
        .execute(),
    );
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await guarded(() =>
      this.db
        .deleteFrom('oidc_payloads')
        .where('tenant_id', '=', this.tenantId)
        .where('grant_id', '=', grantId)
        .execute(),
    );
  }

  async listPermanent(model: string): Promise<OidcPayloadRecord[]> {
    const rows = await guarded(() =>
      this.db
        .selectFrom('oidc_payloads')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('model', '=', model)
        .where('expires_at', 'is', null)
        .orderBy('id')
        .execute(),
    );
    return rows.map(toRecord);
  }

  private async one(
    column: 'id' | 'uid' | 'user_code',
    model: string,
    value: string,
  ): Promise<OidcPayloadRecord | undefined> {
    if (value.length > L.oidcId) return undefined;
    const row = await guarded(() =>
      this.db
        .selectFrom('oidc_payloads')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('model', '=', model)
        .where(column, '=', value)
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    const expiresAt = numOrNull(row.expires_at);
    if (expiresAt !== null && expiresAt <= this.now()) return undefined;
    return toRecord(row);
  }

  /** Deletes a few of the tenant's expired rows (MySQL and SQLite both take `limit` only through a subquery). */
  private async sweep(): Promise<void> {
    const expired = await guarded(() =>
      this.db
        .selectFrom('oidc_payloads')
        .select(['model', 'id'])
        .where('tenant_id', '=', this.tenantId)
        .where('expires_at', '<=', this.now())
        .limit(SWEEP_BATCH)
        .execute(),
    );
    for (const { model, id } of expired) await this.destroy(model, id);
  }
}

function toRecord(row: OidcPayloadsTable): OidcPayloadRecord {
  const expiresAt = numOrNull(row.expires_at);
  const consumedAt = numOrNull(row.consumed_at);
  return {
    model: row.model,
    id: row.id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    ...(expiresAt === null ? {} : { expiresAt }),
    ...(consumedAt === null ? {} : { consumedAt: num(consumedAt) }),
  };
}
