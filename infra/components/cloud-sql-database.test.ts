import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { byType, installMocks, settled, valueOf, type Recorded } from '../testing/pulumi-mocks.test-support.js';
import { CloudSqlDatabase, DatabaseUserError, grantStatements, iamDatabaseUser } from './cloud-sql-database.js';
import { UploadsBucket } from './uploads-bucket.js';

let recorded: Recorded[];

beforeAll(async () => {
  recorded = installMocks();
  const trial = new CloudSqlDatabase('trial-db', {
    project: 'p',
    region: 'europe-west1',
    tier: 'db-f1-micro',
    production: false,
    adminPassword: 'p',
  });
  new UploadsBucket('trial-uploads', {
    region: 'europe-west1',
    webOrigin: 'http://localhost:5173',
    loginCaptureRetentionDays: 3,
    production: false,
  });
  const privateDb = new CloudSqlDatabase('private-db', {
    project: 'p',
    region: 'europe-west1',
    tier: 'db-f1-micro',
    production: false,
    adminPassword: 'p',
    privateNetwork: 'projects/p/global/networks/corp',
  });
  await valueOf(trial.connectionName);
  await valueOf(privateDb.connectionName);
  await settled();
});

describe('a non-production stack', () => {
  it('can be torn down: no deletion protection, a zonal database, a bucket emptied on destroy', () => {
    const instance = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance').find((r) => r.name === 'trial-db');
    expect(instance?.inputs.deletionProtection).toBe(false);
    expect(instance?.inputs.settings).toMatchObject({
      tier: 'db-f1-micro',
      deletionProtectionEnabled: false,
      availabilityType: 'ZONAL',
    });
    const [bucket] = byType(recorded, 'gcp:storage/bucket:Bucket');
    expect(bucket?.inputs.forceDestroy).toBe(true);
  });

  it('still keeps backups with point-in-time recovery and the connector-only network', () => {
    const instance = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance').find((r) => r.name === 'trial-db');
    expect(instance?.inputs.settings.backupConfiguration).toMatchObject({ enabled: true, binaryLogEnabled: true });
    expect(instance?.inputs.settings.ipConfiguration.authorizedNetworks).toEqual([]);
  });
});

describe('IAM database users (Cloud SQL for MySQL)', () => {
  it('are the service account email without @<project>.iam.gserviceaccount.com (not the PostgreSQL rule)', () => {
    expect(iamDatabaseUser('fg-acme-api@acme.iam.gserviceaccount.com')).toBe('fg-acme-api');
    expect(iamDatabaseUser('fg-acme-retention@acme-prod-123.iam.gserviceaccount.com')).toBe('fg-acme-retention');
  });

  it('refuses what MySQL or IAM login cannot have', () => {
    expect(() => iamDatabaseUser('fg-acme-api@acme.iam')).toThrow(DatabaseUserError);
    expect(() => iamDatabaseUser('someone@example.com')).toThrow(DatabaseUserError);
    expect(() => iamDatabaseUser(`${'a'.repeat(33)}@acme.iam.gserviceaccount.com`)).toThrow(/over 32 characters/);
    expect(iamDatabaseUser(`${'a'.repeat(32)}@acme.iam.gserviceaccount.com`)).toHaveLength(32);
  });

  it('get DML on the FaceGate schema only', async () => {
    expect(await valueOf(grantStatements([pulumi.output('fg-a-api'), 'fg-a-embed']))).toBe(
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `facegate`.* TO 'fg-a-api'@'%';\n" +
        "GRANT SELECT, INSERT, UPDATE, DELETE ON `facegate`.* TO 'fg-a-embed'@'%';",
    );
  });
});

describe('a private-IP database (organization policy restricts public IPs)', () => {
  it('has no public IP, only the VPC network given', () => {
    const instance = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance').find((r) => r.name === 'private-db');
    expect(instance?.inputs.settings.ipConfiguration).toMatchObject({
      ipv4Enabled: false,
      privateNetwork: 'projects/p/global/networks/corp',
      authorizedNetworks: [],
    });
  });
});
