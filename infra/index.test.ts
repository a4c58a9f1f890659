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
import { DRIFT_EVENTS, DRIFT_SIZING } from './components/drift-function.js';
import { EMBED_EVENTS } from './components/embed-function.js';
import { MAX_DELIVERY_ATTEMPTS } from './components/event-topics.js';
import { PUSH_MAX_DELIVERY_ATTEMPTS, PUSH_RETRY_POLICY, retrySpanSeconds } from './components/push-delivery.js';
import { RETENTION_BUCKET_PERMISSIONS } from './components/retention-function.js';
import { BUILD_ROLES } from './components/build-service-account.js';
import { PLATFORM_VARIABLES } from './function-environment.js';
import { checkMemoryAndCpu, MAX_MIN_INSTANCES } from './function-limits.js';
import { listFunctionNames } from '../scripts/lib/function-bundle.js';
import {
  byType,
  DEPLOYED_FUNCTIONS,
  PROJECT_NUMBER,
  runStack,
  TEST_ADMIN_PASSWORD,
  TEST_PROJECT,
  TEST_REGION,
  type Recorded,
  waitsFor,
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
const PUBSUB_AGENT = `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;
/** Each event function and the topics that reach it by push. */
const PUSHED: Record<string, string[]> = {
  embed: ['acme-uploads.finalized'],
  alerts: ['acme-security.alert.v1'],
  drift: ['acme-drift.tick', 'acme-capture.observed.v1'],
  retention: ['acme-retention.tick'],
};

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
    const deadLetterGrants = byType(recorded, 'gcp:pubsub/topicIAMMember:TopicIAMMember').filter((g) =>
      String(g.inputs.topic).endsWith('.dead-letter'),
    );
    const pushed = Object.values(PUSHED).flat().length;
    expect(deadLetterGrants).toHaveLength(topics.length + pushed);
    for (const grant of deadLetterGrants) {
      expect(grant.inputs).toMatchObject({ role: 'roles/pubsub.publisher', member: PUBSUB_AGENT });
    }
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
        responseHeaders: ['Content-Type', 'x-goog-content-length-range', 'x-goog-if-generation-match'],
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

  it('gives each function its own IAM database user: the email to the Admin API, the name before @ to MySQL', () => {
    const users = byType(recorded, 'gcp:sql/user:User')
      .map((u) => u.inputs)
      .filter((u) => u.type === 'CLOUD_IAM_SERVICE_ACCOUNT');
    // The Admin API takes a MySQL IAM service account user by its full email and stores it cut at the @.
    expect(users.map((u) => u.name).sort()).toEqual(FUNCTIONS.map(account).sort());
    // That cut name (not the PostgreSQL rule's `…@project.iam`) is the login: at most 32 characters.
    const logins = outputs.databaseUsers as string[];
    expect(logins).toEqual(FUNCTIONS.map((fn) => `fg-acme-${fn}`));
    for (const [i, login] of logins.entries()) {
      expect(login.length).toBeLessThanOrEqual(32);
      expect(account(FUNCTIONS[i]!)).toBe(`${login}@${TEST_PROJECT}.iam.gserviceaccount.com`);
    }
  });

  it('grants the function users DML on the FaceGate schema only: no DDL, no GRANT', () => {
    const grants = String(outputs.databaseGrants).split('\n');
    expect(grants).toEqual(
      FUNCTIONS.map((fn) => `GRANT SELECT, INSERT, UPDATE, DELETE ON \`facegate\`.* TO 'fg-acme-${fn}'@'%';`),
    );
    for (const grant of grants) {
      expect(grant).not.toMatch(/\b(ALL|CREATE|ALTER|DROP|INDEX|REFERENCES|GRANT OPTION|SUPER)\b/);
    }
  });

  it('has one admin user for migrations, its password from the stack secret, kept in Secret Manager', () => {
    const admins = byType(recorded, 'gcp:sql/user:User').filter((u) => u.inputs.type === 'BUILT_IN');
    // A secret input: the mocks see Pulumi's secret wrapper around the value.
    const secretOf = (value: string) => ({
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      value,
    });
    expect(admins.map((u) => u.inputs)).toEqual([
      {
        instance: 'fg-acme-db',
        name: 'facegate_admin',
        host: '%',
        type: 'BUILT_IN',
        password: secretOf(TEST_ADMIN_PASSWORD),
      },
    ]);
    const secret = byType(recorded, 'gcp:secretmanager/secret:Secret').find(
      (s) => s.inputs.secretId === 'fg-acme-db-admin-password',
    );
    expect(secret).toBeDefined();
    const version = byType(recorded, 'gcp:secretmanager/secretVersion:SecretVersion').find(
      (v) => v.inputs.secretData?.value === TEST_ADMIN_PASSWORD,
    );
    expect(version?.name).toBe('fg-acme-secrets-databaseAdminPassword');
    // No function reads it.
    const readers = byType(recorded, 'gcp:secretmanager/secretIamMember:SecretIamMember');
    expect(readers.filter((r) => String(r.inputs.secretId).includes('db-admin-password'))).toEqual([]);
    expect(outputs).toMatchObject({
      databaseAdminUser: 'facegate_admin',
      databaseAdminPasswordSecret: 'fg-acme-db-admin-password',
      databaseName: 'facegate',
      databaseIpType: 'PUBLIC',
    });
  });
});

describe('functions', () => {
  it('deploys each built folder as its own gen2 function, entry point named after it, as its own account', async () => {
    const objects = byType(recorded, 'gcp:storage/bucketObject:BucketObject');
    for (const fn of FUNCTIONS) {
      const { inputs } = functionNamed(fn);
      expect(inputs.buildConfig).toMatchObject({
        runtime: 'nodejs22',
        entryPoint: fn,
        serviceAccount: `projects/${TEST_PROJECT}/serviceAccounts/fg-acme-build@${TEST_PROJECT}.iam.gserviceaccount.com`,
        // The build must not run onnxruntime-node's download script.
        environmentVariables: { ONNXRUNTIME_NODE_INSTALL: 'skip' },
      });
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
      // Face work in one worker thread per vCPU, several requests per instance (components/api-function.ts).
      availableCpu: '1',
      maxInstanceRequestConcurrency: 4,
      environmentVariables: expect.objectContaining({ FACEGATE_FACE_WORKERS: '1' }),
    });
    for (const fn of ['embed', 'alerts', 'drift', 'retention']) {
      expect(functionNamed(fn).inputs.serviceConfig.ingressSettings).toBe('ALLOW_INTERNAL_ONLY');
    }
    const invokers = byType(recorded, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember');
    expect(invokers.filter((i) => i.inputs.member === 'allUsers').map((i) => i.inputs.name)).toEqual(['fg-acme-api']);
    expect(outputs.apiUrl).toBe('https://fg-acme-api-xyz-ew.a.run.app');
  });

  it('has the uploads bucket notify its own topic of finalized objects, published by the storage agent only', () => {
    const [notification] = byType(recorded, 'gcp:storage/notification:Notification');
    expect(notification?.inputs).toEqual({
      bucket: outputs.uploadsBucket,
      topic: topicId('acme-uploads.finalized'),
      payloadFormat: 'JSON_API_V1',
      eventTypes: ['OBJECT_FINALIZE'],
    });
    const storageAgent = `serviceAccount:service-${PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`;
    const agentGrants = recorded.filter((r) => /IAMMember|IamMember/.test(r.type) && r.inputs.member === storageAgent);
    expect(agentGrants.map((g) => [g.type, g.inputs.topic, g.inputs.role])).toEqual([
      ['gcp:pubsub/topicIAMMember:TopicIAMMember', 'acme-uploads.finalized', 'roles/pubsub.publisher'],
    ]);
  });

  it('feeds every event function by push subscriptions of its own, not by Eventarc triggers', () => {
    for (const fn of Object.keys(PUSHED)) expect(functionNamed(fn).inputs.eventTrigger, fn).toBeUndefined();
    expect(byType(recorded, 'gcp:eventarc/trigger:Trigger')).toEqual([]);
    const subscriptions = byType(recorded, 'gcp:pubsub/subscription:Subscription');
    const pushing = subscriptions.filter((s) => s.inputs.pushConfig !== undefined);
    expect(pushing.map((s) => s.inputs.name).sort()).toEqual(
      Object.entries(PUSHED)
        .flatMap(([fn, topicNames]) => topicNames.map((t) => `${t}.${fn}`))
        .sort(),
    );
    for (const [fn, topicNames] of Object.entries(PUSHED)) {
      const serviceUrl = `https://fg-acme-${fn}-xyz-ew.a.run.app`;
      for (const topicName of topicNames) {
        const subscription = pushing.find((s) => s.inputs.name === `${topicName}.${fn}`)!;
        expect(subscription.inputs, `${topicName}.${fn}`).toMatchObject({
          topic: topicId(topicName),
          // The path names the topic, which the Functions Framework turns into the CloudEvent's source.
          pushConfig: {
            pushEndpoint: `${serviceUrl}/projects/${TEST_PROJECT}/topics/${topicName}`,
            oidcToken: { serviceAccountEmail: account(fn), audience: serviceUrl },
          },
          retryPolicy: PUSH_RETRY_POLICY,
          deadLetterPolicy: {
            deadLetterTopic: topicId(`${topicName}.${fn}.dead-letter`),
            maxDeliveryAttempts: PUSH_MAX_DELIVERY_ATTEMPTS,
          },
          expirationPolicy: { ttl: '' },
        });
        // The ack deadline covers the function's timeout, so a slow success is not pushed again.
        const timeout = functionNamed(fn).inputs.serviceConfig.timeoutSeconds as number;
        expect(subscription.inputs.ackDeadlineSeconds).toBe(Math.min(600, timeout));
        // What is dead-lettered is kept for inspection.
        expect(subscriptions.find((s) => s.inputs.topic === topicId(`${topicName}.${fn}.dead-letter`))).toBeDefined();
      }
    }
  });

  it('gives the Pub/Sub service agent exactly what dead-lettering and the push tokens need', () => {
    const subscribers = byType(recorded, 'gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember');
    const pushSubscriptions = Object.entries(PUSHED).flatMap(([fn, topicNames]) => topicNames.map((t) => `${t}.${fn}`));
    const integrations = topics.map((t) => `acme-${t}.integration`);
    expect(subscribers.map((g) => g.inputs.subscription).sort()).toEqual(
      [...pushSubscriptions, ...integrations].sort(),
    );
    for (const grant of subscribers) {
      expect(grant.inputs).toMatchObject({ role: 'roles/pubsub.subscriber', member: PUBSUB_AGENT });
    }
    // It mints each push's OIDC token as the function's own account: a grant on that account only.
    const tokenGrants = byType(recorded, 'gcp:serviceaccount/iAMMember:IAMMember').filter(
      (g) => g.inputs.member === PUBSUB_AGENT,
    );
    expect(tokenGrants.map((g) => g.inputs.serviceAccountId).sort()).toEqual(
      Object.keys(PUSHED)
        .map((fn) => `projects/${TEST_PROJECT}/serviceAccounts/${account(fn)}`)
        .sort(),
    );
    for (const grant of tokenGrants) expect(grant.inputs.role).toBe('roles/iam.serviceAccountTokenCreator');
  });

  it('publishes the drift and retention ticks from Cloud Scheduler, retention daily', () => {
    const jobs = byType(recorded, 'gcp:cloudscheduler/job:Job');
    expect(jobs.map((j) => j.name).sort()).toEqual(['fg-acme-drift-schedule', 'fg-acme-retention-schedule']);
    const job = (name: string) => jobs.find((j) => j.name === `fg-acme-${name}-schedule`)!;
    expect(job('drift').inputs).toMatchObject({
      schedule: '0 * * * *',
      timeZone: 'Etc/UTC',
      region: TEST_REGION,
      pubsubTarget: { topicName: topicId('acme-drift.tick'), attributes: { topic: 'drift.tick' } },
    });
    expect(job('retention').inputs).toMatchObject({
      schedule: '30 3 * * *',
      timeZone: 'Etc/UTC',
      region: TEST_REGION,
      pubsubTarget: { topicName: topicId('acme-retention.tick'), attributes: { topic: 'retention.tick' } },
    });
    const body = JSON.parse(Buffer.from(job('retention').inputs.pubsubTarget.data as string, 'base64').toString());
    expect(body).toEqual({ trigger: 'schedule' });
  });

  it('runs retention as its own small function, with the retention settings of the stack', () => {
    const { serviceConfig } = functionNamed('retention').inputs;
    expect(serviceConfig).toMatchObject({
      ingressSettings: 'ALLOW_INTERNAL_ONLY',
      maxInstanceCount: 1,
      maxInstanceRequestConcurrency: 1,
      serviceAccountEmail: account('retention'),
    });
    // The same period as the bucket's lifecycle rule (facegate:loginCaptureRetentionDays = 14 here).
    const config = loadConfig({ ...serviceConfig.environmentVariables, FACEGATE_TEMPLATE_KEY: TEMPLATE_KEY });
    expect(config.retention).toEqual({ loginCaptureDays: 14, attemptClientDays: 90, abandonedEnrollmentDays: 30 });
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
      expect(decodeURIComponent(new URL(config.database.url).username)).toBe(`fg-acme-${fn}`);
      // Deployed functions never migrate (their users have DML only), and run the calibrated backend.
      expect(config.database.migrateOnStart).toBe(false);
      expect(config.tfBackend).toBe('wasm');
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
    const allProjectGrants = byType(recorded, 'gcp:projects/iAMMember:IAMMember');
    const buildMember = `serviceAccount:fg-acme-build@${TEST_PROJECT}.iam.gserviceaccount.com`;
    // The build account's documented roles (its buckets and repository are Google-managed).
    expect(
      allProjectGrants
        .filter((g) => g.inputs.member === buildMember)
        .map((g) => g.inputs.role)
        .sort(),
    ).toEqual([...BUILD_ROLES].sort());
    const projectGrants = allProjectGrants.filter((g) => g.inputs.member !== buildMember);
    // Two database roles per function, and nothing else project-wide.
    expect(projectGrants).toHaveLength(FUNCTIONS.length * 2);
    for (const grant of projectGrants) {
      expect(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']).toContain(grant.inputs.role);
      expect(grant.inputs.condition.expression).toMatch(
        /^resource\.name == "projects\/acme-test\/instances\/fg-acme-db"$/,
      );
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
    expect(publishes('retention')).toEqual([]);
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

  it('lets only the api touch the signing keys, api and embed use the bucket, retention only list and delete', () => {
    const secretReaders = byType(recorded, 'gcp:secretmanager/secretIamMember:SecretIamMember');
    const jwtReaders = secretReaders.filter((g) => String(g.inputs.secretId).endsWith('jwt-signing-keys'));
    expect(jwtReaders.map((g) => g.inputs.member)).toEqual([member('api')]);
    for (const grant of secretReaders) expect(grant.inputs.role).toBe('roles/secretmanager.secretAccessor');
    const bucketGrants = byType(recorded, 'gcp:storage/bucketIAMMember:BucketIAMMember');
    expect(bucketGrants.map((g) => g.inputs.member).sort()).toEqual([
      member('api'),
      member('embed'),
      member('retention'),
    ]);
    const deleterRole = `projects/${TEST_PROJECT}/roles/fg_acme_retention_object_deleter`;
    expect(bucketGrants.find((g) => g.inputs.member === member('retention'))?.inputs).toMatchObject({
      bucket: outputs.uploadsBucket,
      role: deleterRole,
    });
    const [deleter] = byType(recorded, 'gcp:projects/iAMCustomRole:IAMCustomRole');
    expect(deleter?.inputs).toMatchObject({ project: TEST_PROJECT, roleId: 'fg_acme_retention_object_deleter' });
    expect(deleter?.inputs.permissions).toEqual([...RETENTION_BUCKET_PERMISSIONS]);
    expect(RETENTION_BUCKET_PERMISSIONS).toEqual(['storage.objects.delete', 'storage.objects.list']);
    const roles = (fn: string) =>
      grantsTo(fn)
        .map((g) => g.inputs.role)
        .sort();
    const databaseAndKey = [
      'roles/cloudsql.client',
      'roles/cloudsql.instanceUser',
      'roles/secretmanager.secretAccessor',
    ];
    expect(roles('alerts')).toEqual([...databaseAndKey, 'roles/run.invoker'].sort());
    expect(roles('retention')).toEqual([...databaseAndKey, 'roles/run.invoker', deleterRole].sort());
  });

  it('lets a function sign only as itself, and an event trigger invoke only its own function', () => {
    const selfSigning = byType(recorded, 'gcp:serviceaccount/iAMMember:IAMMember').filter(
      (g) => g.inputs.member !== PUBSUB_AGENT,
    );
    expect(selfSigning.map((g) => [g.inputs.serviceAccountId, g.inputs.member])).toEqual([
      [`projects/${TEST_PROJECT}/serviceAccounts/${account('api')}`, member('api')],
    ]);
    for (const fn of Object.keys(PUSHED)) {
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

describe('the first `pulumi up` in an empty project', () => {
  const SERVICE = 'gcp:projects/service:Service';
  const services = () => byType(recorded, SERVICE);

  it('enables every API the stack calls, and never disables one on destroy', () => {
    expect(
      services()
        .map((s) => s.inputs.service as string)
        .sort(),
    ).toEqual(
      [
        'artifactregistry',
        'cloudbuild',
        'cloudfunctions',
        'cloudresourcemanager',
        'cloudscheduler',
        'iam',
        // every V4 signed upload URL is signed through signBlob
        'iamcredentials',
        'monitoring',
        'pubsub',
        'run',
        'secretmanager',
        'serviceusage',
        'sqladmin',
        'storage',
      ].map((api) => `${api}.googleapis.com`),
    );
    for (const service of services())
      expect(service.inputs).toMatchObject({ project: TEST_PROJECT, disableOnDestroy: false });
    // aiplatform only with triage on (optional-settings.test.ts).
    expect(services().some((s) => s.inputs.service === 'aiplatform.googleapis.com')).toBe(false);
  });

  it('creates every resource after the APIs are on', () => {
    // Components (facegate:…) create nothing themselves.
    const others = recorded.filter((r) => r.type !== SERVICE && !r.type.startsWith('facegate:'));
    expect(others.length).toBeGreaterThan(100);
    for (const resource of others) {
      for (const service of services()) expect(waitsFor(resource, SERVICE, service.name), resource.name).toBe(true);
    }
  });

  it('starts a function only after its database login, secret access, own grants and build roles exist', () => {
    for (const fn of FUNCTIONS) {
      const deployed = functionNamed(fn);
      const grantsOf = (type: string) => recorded.filter((r) => r.type === type && r.name.startsWith(`fg-acme-${fn}-`));
      const secretGrants = grantsOf('gcp:secretmanager/secretIamMember:SecretIamMember');
      expect(secretGrants.length, fn).toBeGreaterThan(0);
      for (const type of [
        'gcp:secretmanager/secretIamMember:SecretIamMember',
        'gcp:projects/iAMMember:IAMMember',
        'gcp:sql/user:User',
      ]) {
        for (const grant of grantsOf(type))
          expect(waitsFor(deployed, type, grant.name), `${fn} ${grant.name}`).toBe(true);
      }
      for (const role of BUILD_ROLES) {
        const name = `fg-acme-build-${role.split('/')[1]!.replace('.', '-')}`;
        expect(waitsFor(deployed, 'gcp:projects/iAMMember:IAMMember', name), `${fn} ${name}`).toBe(true);
      }
    }
    // The api's own grants: signing as itself (signBlob) and the bucket.
    const api = functionNamed('api');
    expect(waitsFor(api, 'gcp:serviceaccount/iAMMember:IAMMember', 'fg-acme-api-sign-as-self')).toBe(true);
    expect(waitsFor(api, 'gcp:storage/bucketIAMMember:BucketIAMMember', 'fg-acme-api-uploads')).toBe(true);
  });

  it('creates the bucket notification after the storage agent may publish, and after the embed function', () => {
    const [notification] = byType(recorded, 'gcp:storage/notification:Notification');
    expect(
      waitsFor(notification!, 'gcp:pubsub/topicIAMMember:TopicIAMMember', 'fg-acme-embed-storage-agent-publisher'),
    ).toBe(true);
    expect(waitsFor(notification!, 'gcp:cloudfunctionsv2/function:Function', 'fg-acme-embed')).toBe(true);
  });

  it('creates a push subscription after its dead-letter grant, the token grant and the invoker grant', () => {
    const subscription = byType(recorded, 'gcp:pubsub/subscription:Subscription').find(
      (s) => s.name === 'acme-security.alert.v1.alerts',
    )!;
    expect(
      waitsFor(
        subscription,
        'gcp:pubsub/topicIAMMember:TopicIAMMember',
        'acme-security.alert.v1.alerts.dead-letter-publisher',
      ),
    ).toBe(true);
    expect(waitsFor(subscription, 'gcp:serviceaccount/iAMMember:IAMMember', 'fg-acme-alerts-push-token')).toBe(true);
    expect(waitsFor(subscription, 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember', 'fg-acme-alerts-invoker')).toBe(
      true,
    );
  });

  it('sizes every function within the documented limits', () => {
    for (const fn of FUNCTIONS) {
      const config = functionNamed(fn).inputs.serviceConfig;
      expect(() => checkMemoryAndCpu(config.availableMemory, config.availableCpu), fn).not.toThrow();
      expect(config.minInstanceCount, fn).toBeLessThanOrEqual(MAX_MIN_INSTANCES);
      expect(config.maxInstanceCount, fn).toBeGreaterThanOrEqual(config.minInstanceCount);
    }
  });

  it('keeps a drift instance free for observations while the hourly check runs', () => {
    const { serviceConfig } = functionNamed('drift').inputs;
    const slots = serviceConfig.maxInstanceCount * serviceConfig.maxInstanceRequestConcurrency;
    // One check at a time holds one slot for up to its timeout…
    expect(serviceConfig.timeoutSeconds).toBe(540);
    expect(slots - DRIFT_SIZING.checkSlots).toBe(DRIFT_SIZING.observationSlots);
    expect(slots - DRIFT_SIZING.checkSlots).toBeGreaterThanOrEqual(1);
    // …far longer than Pub/Sub retries a refused observation (10+20+40+80 s) before dead-lettering it, which is why
    // a single instance would not do.
    expect(retrySpanSeconds()).toBe(150);
    expect(retrySpanSeconds()).toBeLessThan(serviceConfig.timeoutSeconds);
  });
});
