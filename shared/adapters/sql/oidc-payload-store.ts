/**
 * The OpenID Provider's documents in the service's SQL database (table `oidc_payloads`, migration 0012), on MySQL
 * and SQLite alike. Expiry is checked on read against the injected clock; expired rows are cleared as new ones
 * are written, a few at a time, so the table does not grow with abandoned logins.
 *
 * A confidential client's secret is sealed under the template keys (as webhook secrets are): oidc-provider compares
 * the secret a client presents with the stored one, so it cannot be a one-way hash, but a copy of the database or a
 * backup alone does not give it away. The provider sees the opened value; key rotation re-wraps it
 * (`resealClientSecrets`).
 */
import type { Kysely } from 'kysely';
import { openText, rewrapText, sealText, SEALED_TEXT_PREFIX } from '../../crypto/envelope.js';
import type { TemplateCipher } from '../../crypto/template-cipher.js';
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

const CLIENT_MODEL = 'Client';
const clientSecretContext = (tenantId: string, clientId: string) => ['oidc-client-secret', tenantId, clientId];

export class SqlOidcPayloadStore implements OidcPayloadStore {
  constructor(
    private readonly database: Pick<SqlDatabase, 'db' | 'dialect'>,
    private readonly now: () => number = Date.now,
    /** Seals client secrets at rest; without it (tests of the adapter alone) they are stored as given. */
    private readonly cipher?: TemplateCipher,
  ) {}

  forTenant(tenantId: string): OidcPayloads {
    checkLength('tenant id', tenantId, L.id);
    return new SqlOidcPayloads(this.database.db, this.database.dialect, tenantId, this.now, this.cipher);
  }

  /**
   * Key rotation: every client secret re-wrapped under the active key, or sealed if it was stored in the clear.
   * Compare-and-set per row, so a client re-registered meanwhile keeps its new secret. @returns rows changed.
   */
  async resealClientSecrets(): Promise<number> {
    const cipher = this.cipher;
    if (!cipher) return 0;
    const db = this.database.db;
    const rows = await db
      .selectFrom('oidc_payloads')
      .select(['tenant_id', 'id', 'payload'])
      .where('model', '=', CLIENT_MODEL)
      .execute();
    let changed = 0;
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const stored = payload['client_secret'];
      if (typeof stored !== 'string') continue;
      const context = clientSecretContext(row.tenant_id, row.id);
      const next = stored.startsWith(SEALED_TEXT_PREFIX)
        ? rewrapText(cipher, stored, context)
        : sealText(cipher, stored, context);
      if (next === null) continue;
      const result = await db
        .updateTable('oidc_payloads')
        .set({ payload: JSON.stringify({ ...payload, client_secret: next }) })
        .where('tenant_id', '=', row.tenant_id)
        .where('model', '=', CLIENT_MODEL)
        .where('id', '=', row.id)
        .where('payload', '=', row.payload)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }
}

class SqlOidcPayloads implements OidcPayloads {
  constructor(
    private readonly db: Kysely<FacegateSchema>,
    private readonly dialect: SqlDialectName,
    private readonly tenantId: string,
    private readonly now: () => number,
    private readonly cipher: TemplateCipher | undefined,
  ) {}

  async upsert(record: OidcPayloadRecord): Promise<void> {
    checkLength('oidc model', record.model, L.oidcModel);
    checkLength('oidc id', record.id, L.oidcId);
    const payload = JSON.stringify(this.sealSecret(record));
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
    return rows.map((row) => this.toRecord(row));
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
    return this.toRecord(row);
  }

  /** A client's payload with its secret sealed (other documents as they are). */
  private sealSecret(record: OidcPayloadRecord): Record<string, unknown> {
    const secret = record.payload['client_secret'];
    if (!this.cipher || record.model !== CLIENT_MODEL || typeof secret !== 'string') return record.payload;
    if (secret.startsWith(SEALED_TEXT_PREFIX)) return record.payload;
    const context = clientSecretContext(this.tenantId, record.id);
    return { ...record.payload, client_secret: sealText(this.cipher, secret, context) };
  }

  /** A stored row as the provider needs it: a client's secret opened. */
  private toRecord(row: OidcPayloadsTable): OidcPayloadRecord {
    const record = toRecord(row);
    const secret = record.payload['client_secret'];
    if (row.model !== CLIENT_MODEL || typeof secret !== 'string' || !secret.startsWith(SEALED_TEXT_PREFIX)) {
      return record;
    }
    if (!this.cipher) throw new Error('an OIDC client secret is sealed but no template key was given to open it');
    const client_secret = openText(this.cipher, secret, clientSecretContext(this.tenantId, row.id));
    return { ...record, payload: { ...record.payload, client_secret } };
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
