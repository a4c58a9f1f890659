/**
 * Every migration, in order, listed in code rather than discovered on disk, so migrations still
 * run from a bundled or compiled function where the source folder is gone.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialectName } from '../database-url.js';
import { initialSchema } from './0001-initial-schema.js';
import { monitoringSchema } from './0003-monitoring.js';
import { possessionFactor } from './0004-possession-factor.js';
import { tenantModelSettings } from './0006-tenant-model-settings.js';
import { securitySchema } from './0002-security.js';
import { securityTwo } from './0007-security-ii.js';
import { templateChanges } from './0008-template-changes.js';
import { pinTenantModels } from './0009-pin-tenant-models.js';
import { livenessEvidence } from './0010-liveness-evidence.js';
import { eventOutbox } from './0011-event-outbox.js';
import { oidcPayloads } from './0012-oidc-payloads.js';
import { apiKeyOrigins } from './0013-api-key-origins.js';
import { passkeysSchema } from './0014-passkeys.js';
import { alertAcknowledgement } from './0017-alert-acknowledgement.js';

/** The migrations for `dialect`; names sort in the order they must run. Never rename or edit a shipped one. */
export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return {
    getMigrations: (): Promise<Record<string, Migration>> =>
      Promise.resolve({
        '0001-initial-schema': initialSchema(dialect),
        '0003-monitoring': monitoringSchema(dialect),
        '0004-possession-factor': possessionFactor(dialect),
        '0006-tenant-model-settings': tenantModelSettings(dialect),
        '0002-security': securitySchema(dialect),
        '0007-security-ii': securityTwo(dialect),
        '0008-template-changes': templateChanges(dialect),
        '0009-pin-tenant-models': pinTenantModels(),
        '0010-liveness-evidence': livenessEvidence(),
        '0011-event-outbox': eventOutbox(dialect),
        '0012-oidc-payloads': oidcPayloads(dialect),
        '0013-api-key-origins': apiKeyOrigins(dialect),
        '0014-passkeys': passkeysSchema(dialect),
        '0017-alert-acknowledgement': alertAcknowledgement(dialect),
      }),
  };
}
