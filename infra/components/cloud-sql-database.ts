/**
 * Cloud SQL for MySQL 8 with no network path but the Cloud SQL connectors: a public IP with no authorized
 * networks (or, where an organization policy restricts public IPs, a private IP only), connector enforcement, TLS
 * with client certificates, and IAM database authentication, so the functions log in as their own service accounts
 * with no password. One built-in admin user (password in Secret Manager) runs the migrations and the grants as a
 * deploy step (`npm run db:migrate`); the functions' users get DML on the FaceGate schema only. Automated backups
 * with binary logs give point-in-time recovery; production stacks are regional and protected from deletion.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { MYSQL_USER_MAX_LENGTH, runtimeGrantStatements } from '../../shared/adapters/sql/runtime-grants.js';

export interface CloudSqlDatabaseArgs {
  project: string;
  region: string;
  tier: string;
  production: boolean;
  /** The admin user's password (from the stack's secret config; also kept in Secret Manager). */
  adminPassword: pulumi.Input<string>;
  /** Set for a private-IP-only instance: the VPC network with private services access. */
  privateNetwork?: string | undefined;
  /** Resources the instance must wait for (the Cloud SQL Admin API being enabled). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The schema every function uses. */
export const DATABASE_NAME = 'facegate';

/** The built-in user that migrates and grants (Cloud SQL gives API-created users the cloudsqlsuperuser role). */
export const ADMIN_USER = 'facegate_admin';

/** Thrown for a service account whose IAM database user MySQL cannot have. */
export class DatabaseUserError extends Error {
  override readonly name = 'DatabaseUserError';
}

/**
 * A service account's MySQL user name under IAM authentication. Cloud SQL for MySQL takes the email without
 * `@<project>.iam.gserviceaccount.com` (PostgreSQL keeps the project and drops only `.gserviceaccount.com`), and
 * MySQL user names are at most 32 characters.
 * @throws DatabaseUserError for anything but a user-managed service account email, or a name over 32 characters.
 */
export function iamDatabaseUser(serviceAccountEmail: string): string {
  const match = /^([a-z][a-z0-9-]*)@[a-z0-9.:-]+\.iam\.gserviceaccount\.com$/.exec(serviceAccountEmail);
  if (!match?.[1]) throw new DatabaseUserError(`not a service account email: ${serviceAccountEmail}`);
  if (match[1].length > MYSQL_USER_MAX_LENGTH) {
    throw new DatabaseUserError(`MySQL user ${match[1]} is over ${MYSQL_USER_MAX_LENGTH} characters`);
  }
  return match[1];
}

/** The grants `npm run db:migrate` applies after the migrations: DML on the FaceGate schema, per function user. */
export function grantStatements(users: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi.all(users).apply((names) =>
    runtimeGrantStatements(DATABASE_NAME, names)
      .map((sql) => `${sql};`)
      .join('\n'),
  );
}

export class CloudSqlDatabase extends pulumi.ComponentResource {
  readonly instance: gcp.sql.DatabaseInstance;
  readonly database: gcp.sql.Database;
  /** The built-in admin user (migrations and grants only; no function logs in as it). */
  readonly admin: gcp.sql.User;
  /** `project:region:instance`, for FACEGATE_CLOUD_SQL_INSTANCE. */
  readonly connectionName: pulumi.Output<string>;
  private readonly project: string;

  constructor(name: string, args: CloudSqlDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:database:CloudSqlDatabase', name, {}, opts);
    this.project = args.project;
    this.instance = new gcp.sql.DatabaseInstance(
      name,
      {
        region: args.region,
        databaseVersion: 'MYSQL_8_0',
        deletionProtection: args.production,
        settings: {
          tier: args.tier,
          edition: 'ENTERPRISE',
          availabilityType: args.production ? 'REGIONAL' : 'ZONAL',
          deletionProtectionEnabled: args.production,
          diskAutoresize: true,
          connectorEnforcement: 'REQUIRED',
          ipConfiguration: {
            ipv4Enabled: args.privateNetwork === undefined,
            ...(args.privateNetwork === undefined ? {} : { privateNetwork: args.privateNetwork }),
            authorizedNetworks: [],
            sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED',
          },
          backupConfiguration: {
            enabled: true,
            binaryLogEnabled: true,
            startTime: '02:00',
            transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 14 },
          },
          databaseFlags: [{ name: 'cloudsql_iam_authentication', value: 'on' }],
        },
      },
      { parent: this, protect: args.production, dependsOn: args.dependsOn ?? [] },
    );
    this.database = new gcp.sql.Database(
      name,
      { instance: this.instance.name, name: DATABASE_NAME, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
      { parent: this },
    );
    this.admin = new gcp.sql.User(
      `${name}-admin`,
      { instance: this.instance.name, name: ADMIN_USER, host: '%', type: 'BUILT_IN', password: args.adminPassword },
      { parent: this },
    );
    this.connectionName = this.instance.connectionName;
    this.registerOutputs({ connectionName: this.connectionName });
  }

  /**
   * Lets a service account connect through the connector and log in as itself: the IAM database user plus
   * `cloudsql.client` and `cloudsql.instanceUser`, both limited to this instance by an IAM condition.
   * @returns the MySQL user name (the email before @) to put in the database URL and the grants, and the IAM
   *   resources the function must wait for.
   */
  grantIamLogin(
    name: string,
    serviceAccountEmail: pulumi.Output<string>,
    parent: pulumi.Resource,
  ): { user: pulumi.Output<string>; grants: pulumi.Resource[] } {
    // The Admin API takes the full email for MySQL (only PostgreSQL wants `.gserviceaccount.com` left off) and MySQL
    // stores it cut at the @: that cut name is the login of the URL and the grants, checked here against 32.
    const mysqlUser = serviceAccountEmail.apply(iamDatabaseUser);
    const user = new gcp.sql.User(
      name,
      { instance: this.instance.name, name: serviceAccountEmail, type: 'CLOUD_IAM_SERVICE_ACCOUNT' },
      { parent },
    );
    const condition = {
      title: 'this-instance-only',
      expression: pulumi.interpolate`resource.name == "projects/${this.project}/instances/${this.instance.name}"`,
    };
    const grants = ['roles/cloudsql.client', 'roles/cloudsql.instanceUser'].map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-${role.split('.')[1]}`,
          { project: this.project, role, member: pulumi.interpolate`serviceAccount:${serviceAccountEmail}`, condition },
          { parent },
        ),
    );
    // The MySQL user exists once the sql.User does: keep that dependency on the name handed out.
    return { user: pulumi.all([mysqlUser, user.id]).apply(([mysql]) => mysql), grants: [user, ...grants] };
  }
}
