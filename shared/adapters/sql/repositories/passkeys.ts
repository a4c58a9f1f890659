import { MAX_CREDENTIAL_ID_CHARS, type NewPasskey, type Passkey } from '../../../domain/passkey.js';
import { newId } from '../../../domain/ids.js';
import type { Passkeys } from '../../../ports/repositories.js';
import { checkLength, num, numOrNull } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { PasskeysTable } from '../schema.js';

function toPasskey(row: PasskeysTable): Passkey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: num(row.counter),
    transports: JSON.parse(row.transports) as string[],
    createdAt: num(row.created_at),
    lastUsedAt: numOrNull(row.last_used_at),
  };
}

/** One tenant's WebAuthn credentials. */
export class SqlPasskeys implements Passkeys {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(userId: string, credential: NewPasskey): Promise<Passkey> {
    const row: PasskeysTable = {
      id: newId('passkey'),
      tenant_id: this.tenantId,
      user_id: userId,
      credential_id: checkLength('credentialId', credential.credentialId, MAX_CREDENTIAL_ID_CHARS),
      public_key: credential.publicKey,
      counter: credential.counter,
      transports: JSON.stringify(credential.transports.map(String)),
      created_at: this.ctx.now(),
      last_used_at: null,
    };
    await guarded(() => this.ctx.db.insertInto('passkeys').values(row).execute());
    return toPasskey(row);
  }

  async listByUser(userId: string): Promise<Passkey[]> {
    const rows = await this.ctx.db
      .selectFrom('passkeys')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPasskey);
  }

  async byCredentialId(credentialId: string): Promise<Passkey | null> {
    if (credentialId.length > MAX_CREDENTIAL_ID_CHARS) return null;
    const row = await this.ctx.db
      .selectFrom('passkeys')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('credential_id', '=', credentialId)
      .executeTakeFirst();
    return row ? toPasskey(row) : null;
  }

  async recordUse(id: string, previousCounter: number, counter: number, at: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('passkeys')
      .set({ counter, last_used_at: at })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .where('counter', '=', previousCounter)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('passkeys')
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
