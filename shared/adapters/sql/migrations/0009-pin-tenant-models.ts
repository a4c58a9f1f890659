/**
 * The default embedder moves from `frn128-flip-v1` to `fused-frn-arc-v2` (models/manifest.json `activeEmbedder`).
 * Verify and identify use only templates of a tenant's active version, so a tenant that follows the default and has
 * enrolled users would find none of them after the switch. This pins every such tenant to the version it enrolled
 * with (a `tenant_model_settings` row, as `npm run models:activate` writes), so it keeps working until its
 * operator re-embeds (`npm run models:reembed -- --to fused-frn-arc-v2 --activate`). Tenants without templates of
 * the old default follow the new one. Pure data: the same statements on SQLite and MariaDB.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The default before this migration; a literal, since the manifest's default is what changed. */
export const PREVIOUS_DEFAULT_MODEL = 'frn128-flip-v1';

export function pinTenantModels(now: () => number = Date.now): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const at = now();
      // Tenants with a settings row but no active override (e.g. a re-embed in progress) get the override set.
      await sql`update tenant_model_settings set active_model_version = ${PREVIOUS_DEFAULT_MODEL}, updated_at = ${at}
        where active_model_version is null
          and exists (select 1 from templates t where t.tenant_id = tenant_model_settings.tenant_id
            and t.model_version = ${PREVIOUS_DEFAULT_MODEL})`.execute(db);
      await sql`insert into tenant_model_settings (tenant_id, active_model_version, reembed_target, updated_at)
        select distinct t.tenant_id, ${PREVIOUS_DEFAULT_MODEL}, null, ${at} from templates t
        where t.model_version = ${PREVIOUS_DEFAULT_MODEL}
          and not exists (select 1 from tenant_model_settings s where s.tenant_id = t.tenant_id)`.execute(db);
    },
  };
}
