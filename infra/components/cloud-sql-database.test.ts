import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { byType, installMocks, settled, valueOf, type Recorded } from '../testing/pulumi-mocks.test-support.js';
import { CloudSqlDatabase, grantStatements, iamDatabaseUser } from './cloud-sql-database.js';
import { UploadsBucket } from './uploads-bucket.js';

let recorded: Recorded[];

beforeAll(async () => {
  recorded = installMocks();
  const trial = new CloudSqlDatabase('trial-db', {
    project: 'p',
    region: 'europe-west1',
    tier: 'db-f1-micro',
    production: false,
  });
  new UploadsBucket('trial-uploads', {
    region: 'europe-west1',
    webOrigin: 'http://localhost:5173',
    loginCaptureRetentionDays: 3,
    production: false,
  });
  await valueOf(trial.connectionName);
  await settled();
});

describe('a non-production stack', () => {
  it('can be torn down: no deletion protection, a zonal database, a bucket emptied on destroy', () => {
    const [instance] = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance');
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
    const [instance] = byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance');
    expect(instance?.inputs.settings.backupConfiguration).toMatchObject({ enabled: true, binaryLogEnabled: true });
    expect(instance?.inputs.settings.ipConfiguration.authorizedNetworks).toEqual([]);
  });
});

describe('IAM database users', () => {
  it('are the service account email without its domain suffix', () => {
    expect(iamDatabaseUser('fg-acme-api@acme.iam.gserviceaccount.com')).toBe('fg-acme-api@acme.iam');
  });

  it('get all privileges on the FaceGate schema only', async () => {
    expect(await valueOf(grantStatements([pulumi.output('a@p.iam'), 'b@p.iam']))).toBe(
      "GRANT ALL PRIVILEGES ON `facegate`.* TO 'a@p.iam'@'%';\nGRANT ALL PRIVILEGES ON `facegate`.* TO 'b@p.iam'@'%';",
    );
  });
});
