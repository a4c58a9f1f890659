import type { TenantModelSetting } from '../../../domain/tenant-model-setting.js';
import type { ModelSettings } from '../../../ports/repositories.js';
import { ConflictError, InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num } from '../column-values.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { TenantModelSettingsTable } from '../schema.js';

type Column = 'active_model_version' | 'reembed_target';

function toSetting(row: TenantModelSettingsTable): TenantModelSetting {
  return {
    tenantId: row.tenant_id,
    activeVersion: row.active_model_version,
    reembedTarget: row.reembed_target,
    updatedAt: num(row.updated_at),
  };
}

function checkVersion(version: string | null): string | null {
  if (version === null) return null;
  if (version.length === 0) throw new InvalidInputError('model version is empty');
  return checkLength('model version', version, COLUMN_LIMITS.modelVersion);
}

/** One tenant's model selection: a single row keyed by the tenant, created on first write. */
export class SqlModelSettings implements ModelSettings {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async get(): Promise<TenantModelSetting | null> {
    const row = await this.ctx.db
      .selectFrom('tenant_model_settings')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .executeTakeFirst();
    return row ? toSetting(row) : null;
  }

  async setActive(version: string | null): Promise<TenantModelSetting> {
    return this.set('active_model_version', checkVersion(version));
  }

  async setReembedTarget(version: string | null): Promise<TenantModelSetting> {
    return this.set('reembed_target', checkVersion(version));
  }

  /** Update the row, or create it; a concurrent creator wins the insert and this call updates its row. */
  private async set(column: Column, value: string | null): Promise<TenantModelSetting> {
    const updatedAt = this.ctx.now();
    if (!(await this.update(column, value, updatedAt))) {
      const row: TenantModelSettingsTable = {
        tenant_id: this.tenantId,
        active_model_version: null,
        reembed_target: null,
        updated_at: updatedAt,
        [column]: value,
      };
      try {
        await guarded(() => this.ctx.db.insertInto('tenant_model_settings').values(row).execute());
      } catch (error) {
        if (!(error instanceof ConflictError) || !(await this.update(column, value, updatedAt))) throw error;
      }
    }
    const stored = await this.get();
    if (!stored) throw new Error(`model settings of tenant ${this.tenantId} vanished while being written`);
    return stored;
  }

  private async update(column: Column, value: string | null, updatedAt: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('tenant_model_settings')
      .set({ [column]: value, updated_at: updatedAt })
      .where('tenant_id', '=', this.tenantId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
