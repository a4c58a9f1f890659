/**
 * The SQL implementation of the persistence ports, for MySQL and SQLite alike.
 */
import type { TemplateCipher } from '../../crypto/template-cipher.js';
import type { Repositories, TenantRepositories } from '../../ports/repositories.js';
import { InvalidInputError } from '../../ports/repository-errors.js';
import { COLUMN_LIMITS } from './column-limits.js';
import type { SqlDatabase } from './create-database.js';
import { SqlAlerts } from './repositories/alerts.js';
import { SqlApiKeys } from './repositories/api-keys.js';
import { SqlAttempts } from './repositories/attempts.js';
import { SqlAuditEvents } from './repositories/audit-events.js';
import { SqlCaptureObservations } from './repositories/capture-observations.js';
import { SqlCaptures } from './repositories/captures.js';
import { SqlDeviceKeys } from './repositories/device-keys.js';
import { SqlPasskeys } from './repositories/passkeys.js';
import { SqlDriftReports } from './repositories/drift-reports.js';
import { SqlEnrollments } from './repositories/enrollments.js';
import { SqlEventOutbox } from './repositories/event-outbox.js';
import { SqlLoginChallenges } from './repositories/login-challenges.js';
import { SqlModelSettings } from './repositories/model-settings.js';
import { SqlLockouts } from './repositories/lockouts.js';
import { SqlRateCounters } from './repositories/rate-counters.js';
import { SqlTemplates } from './repositories/templates.js';
import { SqlTenants } from './repositories/tenants.js';
import { SqlUsers } from './repositories/users.js';
import { withTransaction, type SqlContext } from './sql-context.js';

export interface SqlRepositoryOptions {
  /** Encrypts template embeddings at rest. */
  cipher: TemplateCipher;
  /** Epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/** Builds the repositories over an open, migrated database. */
export function createSqlRepositories(database: SqlDatabase, options: SqlRepositoryOptions): Repositories {
  return new SqlRepositories({
    db: database.db,
    dialect: database.dialect,
    cipher: options.cipher,
    now: options.now ?? Date.now,
    inTransaction: false,
  });
}

class SqlRepositories implements Repositories {
  readonly tenants: SqlTenants;
  readonly apiKeys: SqlApiKeys;
  readonly outbox: SqlEventOutbox;

  constructor(private readonly ctx: SqlContext) {
    this.tenants = new SqlTenants(ctx);
    this.apiKeys = new SqlApiKeys(ctx);
    this.outbox = new SqlEventOutbox(ctx);
  }

  forTenant(tenantId: string): TenantRepositories {
    if (typeof tenantId !== 'string' || tenantId.length === 0 || tenantId.length > COLUMN_LIMITS.id) {
      throw new InvalidInputError('tenantId must be a non-empty id');
    }
    return new SqlTenantRepositories(this.ctx, tenantId);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return withTransaction(this.ctx, (ctx) => work(new SqlRepositories(ctx)));
  }
}

class SqlTenantRepositories implements TenantRepositories {
  readonly users: SqlUsers;
  readonly enrollments: SqlEnrollments;
  readonly captures: SqlCaptures;
  readonly templates: SqlTemplates;
  readonly attempts: SqlAttempts;
  readonly auditEvents: SqlAuditEvents;
  readonly deviceKeys: SqlDeviceKeys;
  readonly passkeys: SqlPasskeys;
  readonly loginChallenges: SqlLoginChallenges;
  readonly modelSettings: SqlModelSettings;
  readonly captureObservations: SqlCaptureObservations;
  readonly driftReports: SqlDriftReports;
  readonly lockouts: SqlLockouts;
  readonly rateCounters: SqlRateCounters;
  readonly alerts: SqlAlerts;

  constructor(
    private readonly ctx: SqlContext,
    readonly tenantId: string,
  ) {
    this.users = new SqlUsers(ctx, tenantId);
    this.enrollments = new SqlEnrollments(ctx, tenantId);
    this.captures = new SqlCaptures(ctx, tenantId);
    this.templates = new SqlTemplates(ctx, tenantId);
    this.attempts = new SqlAttempts(ctx, tenantId);
    this.auditEvents = new SqlAuditEvents(ctx, tenantId);
    this.deviceKeys = new SqlDeviceKeys(ctx, tenantId);
    this.passkeys = new SqlPasskeys(ctx, tenantId);
    this.loginChallenges = new SqlLoginChallenges(ctx, tenantId);
    this.modelSettings = new SqlModelSettings(ctx, tenantId);
    this.captureObservations = new SqlCaptureObservations(ctx, tenantId);
    this.driftReports = new SqlDriftReports(ctx, tenantId);
    this.lockouts = new SqlLockouts(ctx, tenantId);
    this.rateCounters = new SqlRateCounters(ctx, tenantId);
    this.alerts = new SqlAlerts(ctx, tenantId);
  }

  transaction<T>(work: (repos: TenantRepositories) => Promise<T>): Promise<T> {
    return withTransaction(this.ctx, (ctx) => work(new SqlTenantRepositories(ctx, this.tenantId)));
  }
}
