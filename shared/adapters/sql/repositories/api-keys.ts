import { API_KEY_ROLES, canonicalOrigin, type ApiKey, type ApiKeyRole } from '../../../domain/api-key.js';
import { newId } from '../../../domain/ids.js';
import type { ApiKeys, NewApiKey } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num, numOrNull } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { ApiKeysTable } from '../schema.js';

function toApiKey(row: ApiKeysTable): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    role: row.role as ApiKeyRole,
    keyHash: row.key_hash,
    displayPrefix: row.display_prefix,
    label: row.label,
    allowedOrigins: row.allowed_origins === null ? null : (JSON.parse(row.allowed_origins) as string[]),
    createdAt: num(row.created_at),
    revokedAt: numOrNull(row.revoked_at),
  };
}

/** API keys, stored as sha256 only. */
export class SqlApiKeys implements ApiKeys {
  constructor(private readonly ctx: SqlContext) {}

  async create(input: NewApiKey): Promise<ApiKey> {
    if (!API_KEY_ROLES.includes(input.role))
      throw new InvalidInputError(`unknown API key role ${JSON.stringify(input.role)}`);
    if (!/^[0-9a-f]{64}$/.test(input.keyHash)) throw new InvalidInputError('keyHash must be a hex sha256');
    const origins = input.allowedOrigins ?? null;
    if (origins !== null && (origins.length === 0 || origins.some((o) => canonicalOrigin(o) !== o)))
      throw new InvalidInputError('allowedOrigins must be one or more canonical origins like https://app.example.com');
    if (origins !== null && input.role !== 'client')
      throw new InvalidInputError('only a client key can be publishable');
    const row: ApiKeysTable = {
      id: checkLength('api key id', input.id ?? newId('apiKey'), COLUMN_LIMITS.id),
      tenant_id: input.tenantId,
      role: input.role,
      key_hash: input.keyHash,
      display_prefix: checkLength('displayPrefix', input.displayPrefix, COLUMN_LIMITS.displayPrefix),
      label: checkLength('label', input.label ?? null, COLUMN_LIMITS.label),
      allowed_origins: origins === null ? null : JSON.stringify(origins),
      created_at: this.ctx.now(),
      revoked_at: null,
    };
    await guarded(() => this.ctx.db.insertInto('api_keys').values(row).execute());
    return toApiKey(row);
  }

  async findByHash(keyHash: string): Promise<ApiKey | null> {
    const row = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async listByTenant(tenantId: string): Promise<ApiKey[]> {
    const rows = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toApiKey);
  }

  async revoke(tenantId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('api_keys')
      .set({ revoked_at: this.ctx.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
