/**
 * Cloud SQL for MySQL 8 with no network path but the Cloud SQL connectors: a public IP with no authorized
 * networks, connector enforcement, TLS with client certificates, and IAM database authentication, so the functions
 * log in as their own service accounts and no database password exists. Automated backups with binary logs give
 * point-in-time recovery; production stacks are regional and protected from deletion.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';

export interface CloudSqlDatabaseArgs {
  project: string;
  region: string;
  tier: string;
  production: boolean;
}

/** The schema every function uses. */
export const DATABASE_NAME = 'facegate';

/** A service account's MySQL user name under IAM authentication: its email without `.gserviceaccount.com`. */
export function iamDatabaseUser(serviceAccountEmail: string): string {
  return serviceAccountEmail.replace(/\.gserviceaccount\.com$/, '');
}

/**
 * The SQL an operator runs once as an admin (README): IAM users start with no privileges, and every function
 * migrates the schema at start, so each needs full rights on the FaceGate schema and nothing else.
 */
export function grantStatements(users: pulumi.Input<string>[]): pulumi.Output<string> {
  return pulumi
    .all(users)
    .apply((names) =>
      names.map((user) => `GRANT ALL PRIVILEGES ON \`${DATABASE_NAME}\`.* TO '${user}'@'%';`).join('\n'),
    );
}

export class CloudSqlDatabase extends pulumi.ComponentResource {
  readonly instance: gcp.sql.DatabaseInstance;
  readonly database: gcp.sql.Database;
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
            ipv4Enabled: true,
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
      { parent: this, protect: args.production },
    );
    this.database = new gcp.sql.Database(
      name,
      { instance: this.instance.name, name: DATABASE_NAME, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
      { parent: this },
    );
    this.connectionName = this.instance.connectionName;
    this.registerOutputs({ connectionName: this.connectionName });
  }

  /**
   * Lets a service account connect through the connector and log in as itself: the IAM database user plus
   * `cloudsql.client` and `cloudsql.instanceUser`, both limited to this instance by an IAM condition.
   * @returns the MySQL user name to put in the database URL, and the grants the function must wait for.
   */
  grantIamLogin(
    name: string,
    serviceAccountEmail: pulumi.Output<string>,
    parent: pulumi.Resource,
  ): { user: pulumi.Output<string>; grants: pulumi.Resource[] } {
    const user = new gcp.sql.User(
      name,
      {
        instance: this.instance.name,
        name: serviceAccountEmail.apply(iamDatabaseUser),
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      },
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
    return { user: user.name, grants: [user, ...grants] };
  }
}
