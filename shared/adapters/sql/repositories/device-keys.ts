import type { DeviceKey, DevicePublicJwk } from '../../../domain/device-key.js';
import { newId } from '../../../domain/ids.js';
import type { DeviceKeys } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { num } from '../column-values.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import type { DeviceKeysTable } from '../schema.js';

/** A public JWK is four short members; anything longer than this is not one. */
const MAX_JWK_CHARS = 512;

function toDeviceKey(row: DeviceKeysTable): DeviceKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    publicJwk: JSON.parse(row.public_jwk) as DevicePublicJwk,
    createdAt: num(row.created_at),
  };
}

/** One tenant's device public keys, at most one per user. */
export class SqlDeviceKeys implements DeviceKeys {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async put(userId: string, publicJwk: DevicePublicJwk): Promise<DeviceKey> {
    // Only the members that make the key are stored, in a fixed order.
    const text = JSON.stringify({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y });
    if (text.length > MAX_JWK_CHARS) throw new InvalidInputError('device key is too long for a public JWK');
    const row: DeviceKeysTable = {
      id: newId('deviceKey'),
      tenant_id: this.tenantId,
      user_id: userId,
      public_jwk: text,
      created_at: this.ctx.now(),
    };
    await withTransaction(this.ctx, async (ctx) => {
      await ctx.db
        .deleteFrom('device_keys')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', userId)
        .execute();
      await guarded(() => ctx.db.insertInto('device_keys').values(row).execute());
    });
    return toDeviceKey(row);
  }

  async byUser(userId: string): Promise<DeviceKey | null> {
    const row = await this.ctx.db
      .selectFrom('device_keys')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toDeviceKey(row) : null;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('device_keys')
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
