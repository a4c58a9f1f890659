import { newId } from '../../../domain/ids.js';
import { DEFAULT_TENANT_SETTINGS, type Tenant, type TenantSettings } from '../../../domain/tenant.js';
import type { TenantWebhook } from '../../../domain/alert.js';
import type { Tenants } from '../../../ports/repositories.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import { openText, rewrapText, sealText, SEALED_TEXT_PREFIX } from '../../../crypto/envelope.js';
import type { TenantsTable } from '../schema.js';

/** What a sealed webhook secret is bound to: copied to another tenant's row it does not open. */
const secretContext = (tenantId: string): string[] => ['tenant.webhook_secret', tenantId];

function toTenant(row: TenantsTable): Tenant {
  return {
    id: row.id,
    name: row.name,
    createdAt: num(row.created_at),
    settings: {
      requirePossession: num(row.require_possession) === 1,
      activeChallenge: num(row.active_challenge) === 1,
      requireBurst: num(row.require_burst) === 1,
      lightChallenge: num(row.light_challenge) === 1,
    },
  };
}

/** The tenant directory (global: tenants are not owned by anyone). */
export class SqlTenants implements Tenants {
  constructor(private readonly ctx: SqlContext) {}

  async create(input: { id?: string; name: string; settings?: Partial<TenantSettings> }): Promise<Tenant> {
    const settings = { ...DEFAULT_TENANT_SETTINGS, ...input.settings };
    const row: TenantsTable = {
      id: checkLength('tenant id', input.id ?? newId('tenant'), COLUMN_LIMITS.id),
      name: checkLength('tenant name', input.name, COLUMN_LIMITS.name),
      created_at: this.ctx.now(),
      require_possession: settings.requirePossession ? 1 : 0,
      active_challenge: settings.activeChallenge ? 1 : 0,
      require_burst: settings.requireBurst ? 1 : 0,
      light_challenge: settings.lightChallenge ? 1 : 0,
      webhook_url: null,
      webhook_secret: null,
    };
    await guarded(() => this.ctx.db.insertInto('tenants').values(row).execute());
    return toTenant(row);
  }

  async get(id: string): Promise<Tenant | null> {
    const row = await this.ctx.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTenant(row) : null;
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.ctx.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toTenant);
  }

  async updateSettings(id: string, patch: Partial<TenantSettings>): Promise<Tenant | null> {
    const set: Partial<TenantsTable> = {};
    if (patch.requirePossession !== undefined) set.require_possession = patch.requirePossession ? 1 : 0;
    if (patch.activeChallenge !== undefined) set.active_challenge = patch.activeChallenge ? 1 : 0;
    if (patch.requireBurst !== undefined) set.require_burst = patch.requireBurst ? 1 : 0;
    if (patch.lightChallenge !== undefined) set.light_challenge = patch.lightChallenge ? 1 : 0;
    if (Object.keys(set).length > 0) await this.ctx.db.updateTable('tenants').set(set).where('id', '=', id).execute();
    return this.get(id);
  }

  async webhook(id: string): Promise<TenantWebhook | null> {
    const row = await this.ctx.db
      .selectFrom('tenants')
      .select(['webhook_url', 'webhook_secret'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.webhook_url || !row.webhook_secret) return null;
    return { url: row.webhook_url, secret: openText(this.ctx.cipher, row.webhook_secret, secretContext(id)) };
  }

  /**
   * Key rotation: re-wraps every webhook secret sealed under another key (or stored before encryption at rest)
   * under the active key. @returns how many were changed.
   */
  async resealWebhookSecrets(): Promise<number> {
    const rows = await this.ctx.db
      .selectFrom('tenants')
      .select(['id', 'webhook_secret'])
      .where('webhook_secret', 'is not', null)
      .execute();
    let changed = 0;
    for (const row of rows) {
      const stored = row.webhook_secret!;
      const context = secretContext(row.id);
      const next = stored.startsWith(SEALED_TEXT_PREFIX)
        ? rewrapText(this.ctx.cipher, stored, context)
        : sealText(this.ctx.cipher, stored, context);
      if (next === null) continue;
      // Compare-and-set: a secret changed meanwhile by an operator is left to its new value.
      const result = await this.ctx.db
        .updateTable('tenants')
        .set({ webhook_secret: next })
        .where('id', '=', row.id)
        .where('webhook_secret', '=', stored)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  async setWebhook(id: string, webhook: TenantWebhook | null): Promise<boolean> {
    const result = await guarded(() =>
      this.ctx.db
        .updateTable('tenants')
        .set({
          webhook_url: webhook ? checkLength('webhook url', webhook.url, COLUMN_LIMITS.webhookUrl) : null,
          webhook_secret: webhook
            ? sealText(
                this.ctx.cipher,
                checkLength('webhook secret', webhook.secret, COLUMN_LIMITS.webhookSecret),
                secretContext(id),
              )
            : null,
        })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }
}
