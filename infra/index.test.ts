/**
 * The whole stack under Pulumi mocks: the graph a `pulumi up` would create, checked for the properties that
 * matter — triggers, least-privilege IAM, no public database, retention, and an environment that loadConfig
 * accepts for every function.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../shared/auth/signing-keys.js';
import { loadConfig, readVariableNames } from '../shared/config/load-config.js';
import { topics, type Topic } from '../shared/events/registry.js';
import { API_EVENTS } from './components/api-function.js';
import { DRIFT_EVENTS } from './components/drift-function.js';
import { EMBED_EVENTS } from './components/embed-function.js';
import { MAX_DELIVERY_ATTEMPTS } from './components/event-topics.js';
import { PLATFORM_VARIABLES } from './function-environment.js';
import { listFunctionNames } from '../scripts/lib/function-bundle.js';
import {
  byType,
  DEPLOYED_FUNCTIONS,
  PROJECT_NUMBER,
  runStack,
  TEST_PROJECT,
  TEST_REGION,
  type Recorded,
} from './testing/pulumi-mocks.test-support.js';

const FUNCTIONS = DEPLOYED_FUNCTIONS;
const WEB_ORIGIN = 'https://login.acme.example';
const TEMPLATE_KEY = Buffer.alloc(32, 3).toString('base64');

let recorded: Recorded[];
let outputs: Record<string, unknown>;
let jwtKeys: string;

const account = (fn: string) => `fg-acme-${fn}@${TEST_PROJECT}.iam.gserviceaccount.com`;
const member = (fn: string) => `serviceAccount:${account(fn)}`;
const functionNamed = (fn: string) =>
  byType(recorded, 'gcp:cloudfunctionsv2/function:Function').find((r) => r.inputs.name === `fg-acme-${fn}`)!;
const topicId = (name: string) => `projects/${TEST_PROJECT}/topics/${name}`;

beforeAll(async () => {
  jwtKeys = JSON.stringify([await generateSigningJwk()]);
  ({ recorded, outputs } = await runStack({
    'facegate:webOrigin': WEB_ORIGIN,
    'facegate:loginCaptureRetentionDays': '14',
    'facegate:apiMinInstances': '2',
    'facegate:production': 'true',
    'facegate:templateKey': TEMPLATE_KEY,
    'facegate:jwtSigningKeys': jwtKeys,
  }));
}, 60_000);

describe('event topics', () => {
  it('has a topic, a dead-letter topic and a retrying, dead-lettering subscription per event', () => {
    const topicNames = byType(recorded, 'gcp:pubsub/topic:Topic').map((t) => t.inputs.name as string);
    const subscriptions = byType(recorded, 'gcp:pubsub/subscription:Subscription');
    for (const event of topics) {
      expect(topicNames).toContain(`acme-${event}`);
      expect(topicNames).toContain(`acme-${event}.dead-letter`);
      const integration = subscriptions.find((s) => s.inputs.name === `acme-${event}.integration`);
      expect(integration?.inputs).toMatchObject({
        topic: topicId(`acme-${event}`),
        retryPolicy: { minimumBackoff: '10s', maximumBackoff: '600s' },
        deadLetterPolicy: {
          deadLetterTopic: topicId(`acme-${event}.dead-letter`),
          maxDeliveryAttempts: MAX_DELIVERY_ATTEMPTS,
        },
      });
      expect(subscriptions.some((s) => s.inputs.topic === topicId(`acme-${event}.dead-letter`))).toBe(true);
    }
    expect(outputs.eventTopics).toEqual(Object.fromEntries(topics.map((t) => [t, `acme-${t}`])));
  });

  it('lets only the Pub/Sub service agent move messages to dead-letter topics', () => {
    const agent = `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    const deadLetterGrants = byType(recorded, 'gcp:pubsub/topicIAMMember:TopicIAMMember').filter((g) =>
      String(g.inputs.topic).endsWith('.dead-letter'),
    );
    expect(deadLetterGrants).toHaveLength(topics.length);
    for (const grant of deadLetterGrants) expect(grant.inputs.member).toBe(agent);
  });
});

describe('uploads bucket', () => {
  const uploads = () => byType(recorded, 'gcp:storage/bucket:Bucket').find((b) => b.name === 'fg-acme-uploads')!;

  it('is private: uniform access and public access prevention', () => {
    expect(uploads().inputs).toMatchObject({ uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' });
    const grants = byType(recorded, 'gcp:storage/bucketIAMMember:BucketIAMMember');
    for (const grant of grants) expect(grant.inputs.member).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  it('accepts signed PUTs from the web origin only, with the headers the signature binds', () => {
    expect(uploads().inputs.cors).toEqual([
      {
        origins: [WEB_ORIGIN],
        methods: ['PUT'],
        responseHeaders: ['Content-Type', 'x-goog-content-length-range'],
        maxAgeSeconds: 3600,
      },
    ]);
  });

  it('deletes login captures after the retention period and never touches enrollment captures', () => {
    expect(uploads().inputs.lifecycleRules).toEqual([
      { action: { type: 'Delete' }, condition: { age: 14, matchesPrefixes: ['login/'] } },
    ]);
    expect(uploads().inputs.forceDestroy).toBe(false);
  });
});

describe('database', () => {
  const instance = () => byType(recorded, 'gcp:sql/databaseInstance:DatabaseInstance')[0]!;

  it('is MySQL 8, reachable only through the connectors, with IAM login', () => {
    expect(instance().inputs.databaseVersion).toBe('MYSQL_8_0');
    expect(instance().inputs.settings).toMatchObject({
      connectorEnforcement: 'REQUIRED',
      ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [], sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' },
      databaseFlags: [{ name: 'cloudsql_iam_authentication', value: 'on' }],
    });
    expect(JSON.stringify(recorded)).not.toContain('0.0.0.0/0');
  });

  it('has automated backups with point-in-time recovery and, in production, deletion protection', () => {
    expect(instance().inputs.settings.backupConfiguration).toMatchObject({ enabled: true, binaryLogEnabled: true });
    expect(instance().inputs.deletionProtection).toBe(true);
    expect(instance().inputs.settings).toMatchObject({ deletionProtectionEnabled: true, availabilityType: 'REGIONAL' });
  });

  it('gives each function its own IAM database user, and prints the grants to run once', () => {
    const users = byType(recorded, 'gcp:sql/user:User').map((u) => u.inputs);
    expect(users.map((u) => u.name).sort()).toEqual(FUNCTIONS.map((fn) => `fg-acme-${fn}@${TEST_PROJECT}.iam`).sort());
    for (const user of users) expect(user.type).toBe('CLOUD_IAM_SERVICE_ACCOUNT');
    expect(String(outputs.databaseGrants).split('\n')).toEqual(
      FUNCTIONS.map((fn) => `GRANT ALL PRIVILEGES ON \`facegate\`.* TO 'fg-acme-${fn}@${TEST_PROJECT}.iam'@'%';`),
    );
  });
});

describe('functions', () => {
  it('deploys each built folder as its own gen2 function, entry point named after it, as its own account', async () => {
    const objects = byType(recorded, 'gcp:storage/bucketObject:BucketObject');
    for (const fn of FUNCTIONS) {
      const { inputs } = functionNamed(fn);
      expect(inputs.buildConfig).toMatchObject({ runtime: 'nodejs20', entryPoint: fn });
      expect(inputs.serviceConfig.serviceAccountEmail).toBe(account(fn));
      const object = objects.find((o) => o.inputs.name === inputs.buildConfig.source.storageSource.object);
      expect(object?.inputs.name).toMatch(new RegExp(`^fg-acme-${fn}-[0-9a-f]{16}\\.zip$`));
      // The archive is the build output folder of this function.
      const archive = object!.inputs.source as pulumi.asset.FileArchive;
      const path = await archive.path;
      expect(await readdir(path)).toContain('package.json');
      expect(path.endsWith(`/${fn}`)).toBe(true);
    }
    expect(new Set(FUNCTIONS.map(account)).size).toBe(FUNCTIONS.length);
  });

  it('deploys every function the repository has (a new folder under functions/ needs its component)', async () => {
    const inRepository = await listFunctionNames(join(import.meta.dirname, '..', 'functions'));
    expect(inRepository.length).toBeGreaterThan(0);
    for (const name of inRepository) expect(FUNCTIONS, name).toContain(name);
  });

  it('sizes the api from the stack settings and makes it public; the others take internal traffic only', () => {
    expect(functionNamed('api').inputs.serviceConfig).toMatchObject({
      minInstanceCount: 2,
      availableMemory: '2Gi',
      ingressSettings: 'ALLOW_ALL',
    });
    for (const fn of ['embed', 'alerts', 'drift']) {
      expect(functionNamed(fn).inputs.serviceConfig.ingressSettings).toBe('ALLOW_INTERNAL_ONLY');
    }
    const invokers = byType(recorded, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember');
    expect(invokers.filter((i) => i.inputs.member === 'allUsers').map((i) => i.inputs.name)).toEqual(['fg-acme-api']);
    expect(outputs.apiUrl).toBe('https://fg-acme-api-xyz-ew.a.run.app');
  });

  it('triggers embed on objects finalized in the uploads bucket, retrying failures', () => {
    const bucketName = outputs.uploadsBucket;
    expect(functionNamed('embed').inputs.eventTrigger).toEqual({
      eventType: 'google.cloud.storage.object.v1.finalized',
      eventFilters: [{ attribute: 'bucket', value: bucketName }],
      retryPolicy: 'RETRY_POLICY_RETRY',
      triggerRegion: TEST_REGION,
      serviceAccountEmail: account('embed'),
    });
  });

  it('triggers alerts on security.alert.v1 (retried), drift on the schedule topic and on capture observations', () => {
    expect(functionNamed('alerts').inputs.eventTrigger).toMatchObject({
      eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
      pubsubTopic: topicId('acme-security.alert.v1'),
      retryPolicy: 'RETRY_POLICY_RETRY',
      serviceAccountEmail: account('alerts'),
    });
    expect(functionNamed('drift').inputs.eventTrigger).toMatchObject({
      eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
      pubsubTopic: topicId('acme-drift.tick'),
      serviceAccountEmail: account('drift'),
    });
    // The drift function also stores every capture observation, through a second trigger.
    const [observations] = byType(recorded, 'gcp:eventarc/trigger:Trigger');
    expect(observations?.inputs).toMatchObject({
      matchingCriterias: [{ attribute: 'type', value: 'google.cloud.pubsub.topic.v1.messagePublished' }],
      transport: { pubsub: { topic: topicId('acme-capture.observed.v1') } },
      destination: { cloudRunService: { service: 'fg-acme-drift', region: TEST_REGION } },
      serviceAccount: account('drift'),
    });
    const [job] = byType(recorded, 'gcp:cloudscheduler/job:Job');
    expect(job?.inputs).toMatchObject({
      schedule: '0 * * * *',
      pubsubTarget: { topicName: topicId('acme-drift.tick') },
    });
  });

  it('gives every function an environment that loadConfig accepts, naming its own bucket, topics and DB login', () => {
    const known = new Set<string>([...readVariableNames, ...PLATFORM_VARIABLES]);
    const secretValues: Record<string, string> = {
      FACEGATE_TEMPLATE_KEY: TEMPLATE_KEY,
      FACEGATE_JWT_SIGNING_KEYS: jwtKeys,
    };
    for (const fn of FUNCTIONS) {
      const { serviceConfig } = functionNamed(fn).inputs;
      const env: Record<string, string> = { ...serviceConfig.environmentVariables };
      for (const name of Object.keys(env)) expect(known, `${fn}: ${name}`).toContain(name);
      const secrets = serviceConfig.secretEnvironmentVariables as { key: string; secret: string; version: string }[];
      for (const secret of secrets) {
        expect(secret).toMatchObject({ version: '1', projectId: TEST_PROJECT });
        env[secret.key] = secretValues[secret.key]!;
      }
      const config = loadConfig(env);
      expect(config.blob).toEqual({ backend: 'gcs', bucket: outputs.uploadsBucket });
      expect(config.events).toEqual({ backend: 'pubsub', projectId: TEST_PROJECT, topicPrefix: 'acme-' });
      expect(config.database).toMatchObject({
        kind: 'mysql',
        cloudSqlInstance: outputs.databaseConnectionName,
        cloudSqlIpType: 'PUBLIC',
        cloudSqlIamAuth: true,
      });
      expect(decodeURIComponent(new URL(config.database.url).username)).toBe(`fg-acme-${fn}@${TEST_PROJECT}.iam`);
      expect(config.publicUrl).toBe(`https://${TEST_REGION}-${TEST_PROJECT}.cloudfunctions.net/fg-acme-api`);
      expect(config.templateKey).toHaveLength(32);
      // Secret values reach the function from Secret Manager, never through its plain configuration.
      expect(JSON.stringify(functionNamed(fn).inputs)).not.toContain(TEMPLATE_KEY);
      expect(JSON.stringify(functionNamed(fn).inputs)).not.toContain('"d":');
      // Only the api signs tokens, so only the api can read the signing keys.
      expect(secrets.map((s) => s.key).sort(), fn).toEqual(
        fn === 'api' ? ['FACEGATE_JWT_SIGNING_KEYS', 'FACEGATE_TEMPLATE_KEY'] : ['FACEGATE_TEMPLATE_KEY'],
      );
    }
  });
});

describe('least privilege', () => {
  const grantsTo = (fn: string) =>
    recorded.filter((r) => /IAMMember|IamMember/.test(r.type) && r.inputs.member === member(fn));

  it('uses no broad role anywhere', () => {
    const grants = recorded.filter((r) => /IAMMember|IamMember/.test(r.type));
    expect(grants.length).toBeGreaterThan(30);
    for (const grant of grants) {
      expect(grant.inputs.role).not.toMatch(/roles\/(owner|editor|viewer)$|\.admin$|roles\/storage\.objectAdmin/);
    }
  });

  it('grants project-wide roles only where the service needs them, database roles limited to the instance', () => {
    const projectGrants = byType(recorded, 'gcp:projects/iAMMember:IAMMember');
    // Two database roles per function, an event receiver per event function, the storage agent's publisher.
    expect(projectGrants).toHaveLength(FUNCTIONS.length * 2 + 3 + 1);
    const storageAgent = `serviceAccount:service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
    for (const grant of projectGrants) {
      const { role, member: who, condition } = grant.inputs;
      if (role === 'roles/cloudsql.client' || role === 'roles/cloudsql.instanceUser') {
        expect(condition.expression).toMatch(/^resource\.name == "projects\/acme-test\/instances\/fg-acme-db"$/);
      } else if (role === 'roles/pubsub.publisher') {
        expect(who).toBe(storageAgent);
      } else {
        expect(role).toBe('roles/eventarc.eventReceiver');
        expect(['embed', 'alerts', 'drift'].map(member)).toContain(who);
      }
    }
  });

  it('lets each function publish exactly the events it produces', () => {
    const publishes = (fn: string) =>
      byType(recorded, 'gcp:pubsub/topicIAMMember:TopicIAMMember')
        .filter((g) => g.inputs.member === member(fn))
        .map((g) => String(g.inputs.topic).replace(/^acme-/, ''))
        .sort();
    expect(publishes('api')).toEqual([...API_EVENTS].sort());
    expect(publishes('embed')).toEqual([...EMBED_EVENTS].sort());
    expect(publishes('drift')).toEqual([...DRIFT_EVENTS].sort());
    expect(publishes('alerts')).toEqual([]);
  });

  it('grants every event some use case publishes to a function', async () => {
    const dir = join(import.meta.dirname, '..', 'shared', 'app', 'use-cases');
    const published = new Set<Topic>();
    for (const file of await readdir(dir)) {
      const source = await readFile(join(dir, file), 'utf8');
      for (const match of source.matchAll(/publishEvent\(\s*deps,\s*'([^']+)'/g)) published.add(match[1] as Topic);
    }
    expect(published.size).toBeGreaterThan(0);
    const granted = new Set([...API_EVENTS, ...EMBED_EVENTS, ...DRIFT_EVENTS]);
    for (const topic of published) expect(granted, topic).toContain(topic);
  });

  it('lets only the api touch the signing keys and only api and embed touch the bucket', () => {
    const secretReaders = byType(recorded, 'gcp:secretmanager/secretIamMember:SecretIamMember');
    const jwtReaders = secretReaders.filter((g) => String(g.inputs.secretId).endsWith('jwt-signing-keys'));
    expect(jwtReaders.map((g) => g.inputs.member)).toEqual([member('api')]);
    for (const grant of secretReaders) expect(grant.inputs.role).toBe('roles/secretmanager.secretAccessor');
    const bucketUsers = byType(recorded, 'gcp:storage/bucketIAMMember:BucketIAMMember').map((g) => g.inputs.member);
    expect(bucketUsers.sort()).toEqual([member('api'), member('embed')]);
    expect(
      grantsTo('alerts')
        .map((g) => g.inputs.role)
        .sort(),
    ).toEqual(
      [
        'roles/cloudsql.client',
        'roles/cloudsql.instanceUser',
        'roles/eventarc.eventReceiver',
        'roles/run.invoker',
        'roles/secretmanager.secretAccessor',
      ].sort(),
    );
  });

  it('lets a function sign only as itself, and an event trigger invoke only its own function', () => {
    const selfSigning = byType(recorded, 'gcp:serviceaccount/iAMMember:IAMMember');
    expect(selfSigning.map((g) => [g.inputs.serviceAccountId, g.inputs.member])).toEqual([
      [`projects/${TEST_PROJECT}/serviceAccounts/${account('api')}`, member('api')],
    ]);
    for (const fn of ['embed', 'alerts', 'drift']) {
      const invokers = byType(recorded, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember').filter(
        (g) => g.inputs.member === member(fn),
      );
      expect(invokers.map((g) => g.inputs.name)).toEqual([`fg-acme-${fn}`]);
    }
  });
});

describe('monitoring', () => {
  it('alerts on the error rate of every function and on the api latency', () => {
    const names = byType(recorded, 'gcp:monitoring/alertPolicy:AlertPolicy').map((p) => p.name);
    expect(names.sort()).toEqual([...FUNCTIONS.map((fn) => `fg-acme-${fn}-error-rate`), 'fg-acme-api-latency'].sort());
    const [channel] = byType(recorded, 'gcp:monitoring/notificationChannel:NotificationChannel');
    expect(channel).toBeUndefined();
  });
});
