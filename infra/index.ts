/**
 * FaceGate on Google Cloud: wires the components of one stack (a tenant or an environment) and exports what
 * operators and clients need. Settings: Pulumi.yaml; operating: the README, "Operating a cloud stack".
 */
import { dirname, join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { fileURLToPath } from 'node:url';
import { topics } from '../shared/events/registry.js';
import { AlertPolicies } from './components/alert-policies.js';
import { AlertsFunction } from './components/alerts-function.js';
import { ApiFunction } from './components/api-function.js';
import { BuildServiceAccount } from './components/build-service-account.js';
import { ADMIN_USER, CloudSqlDatabase, DATABASE_NAME, grantStatements } from './components/cloud-sql-database.js';
import { DriftFunction } from './components/drift-function.js';
import { EmbedFunction } from './components/embed-function.js';
import { EventTopics } from './components/event-topics.js';
import { RetentionFunction } from './components/retention-function.js';
import type { FunctionContext } from './components/function-deployment.js';
import { FunctionSources } from './components/function-sources.js';
import { ProjectApis } from './components/project-apis.js';
import { StackSecrets } from './components/stack-secrets.js';
import { UploadsBucket } from './components/uploads-bucket.js';
import { sharedEnvironment } from './function-environment.js';
import { stackNames } from './naming.js';
import { readStackConfig } from './stack-config.js';

const config = readStackConfig(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'functions'));
const names = stackNames(config.tenant);
const { project, region } = config;

// Every other resource waits for the APIs it calls (a new project has few enabled).
const apis = new ProjectApis(`${names.prefix}-apis`, {
  project,
  triage: config.triageModel !== undefined,
  privateDatabase: config.databaseIp === 'private',
});
const afterApis = { transformations: [apis.waitFor()] };

const uploads = new UploadsBucket(
  `${names.prefix}-uploads`,
  {
    region,
    webOrigin: config.webOrigin,
    loginCaptureRetentionDays: config.loginCaptureRetentionDays,
    production: config.production,
  },
  afterApis,
);
const database = new CloudSqlDatabase(
  `${names.prefix}-db`,
  {
    project,
    region,
    tier: config.databaseTier,
    production: config.production,
    adminPassword: config.databaseAdminPassword,
    privateNetwork: config.databaseIp === 'private' ? config.databaseNetwork : undefined,
  },
  afterApis,
);
const secrets = new StackSecrets(
  `${names.prefix}-secrets`,
  {
    project,
    prefix: names.prefix,
    templateKey: config.templateKey,
    retiredTemplateKeys: config.retiredTemplateKeys,
    jwtSigningKeys: config.jwtSigningKeys,
    databaseAdminPassword: config.databaseAdminPassword,
  },
  afterApis,
);
const events = new EventTopics(
  `${names.prefix}-events`,
  { project, topicPrefix: names.topicPrefix, topics },
  afterApis,
);
const sources = new FunctionSources(
  `${names.prefix}-sources`,
  { region, functionsDir: config.functionsDir },
  afterApis,
);
const build = new BuildServiceAccount(
  `${names.prefix}-build`,
  { project, accountId: names.buildAccountId, prefix: names.prefix },
  afterApis,
);

// The api's URL is fixed by its name, so every function can know it before the api exists.
const predictableApiUrl = `https://${region}-${project}.cloudfunctions.net/${names.functionName('api')}`;
const ctx: FunctionContext = {
  project,
  region,
  names,
  sources,
  database,
  secrets,
  events,
  uploads,
  environment: sharedEnvironment({
    project,
    bucketName: uploads.bucket.name,
    topicPrefix: names.topicPrefix,
    cloudSqlInstance: database.connectionName,
    publicUrl: predictableApiUrl,
    templateKeyId: config.templateKeyId,
    cloudSqlIpType: config.databaseIp === 'private' ? 'PRIVATE' : 'PUBLIC',
  }),
  build,
  vpcConnector: config.databaseIp === 'private' ? config.vpcConnector : undefined,
};

const api = new ApiFunction(
  names.functionName('api'),
  ctx,
  {
    memory: config.apiMemory,
    cpu: config.apiCpu,
    minInstances: config.apiMinInstances,
    invokers: config.apiInvokers,
    ingress: config.apiIngress,
  },
  afterApis,
);
const embed = new EmbedFunction(names.functionName('embed'), ctx, afterApis);
const alerts = new AlertsFunction(
  names.functionName('alerts'),
  ctx,
  { triageModel: config.triageModel, triageLocation: config.triageLocation },
  afterApis,
);
const drift = new DriftFunction(names.functionName('drift'), ctx, { schedule: config.driftSchedule }, afterApis);
const retention = new RetentionFunction(
  names.functionName('retention'),
  ctx,
  {
    schedule: config.retentionSchedule,
    loginCaptureRetentionDays: config.loginCaptureRetentionDays,
    attemptClientRetentionDays: config.attemptClientRetentionDays,
    abandonedEnrollmentDays: config.abandonedEnrollmentDays,
  },
  afterApis,
);
const functions = [api, embed, alerts, drift, retention];

new AlertPolicies(
  `${names.prefix}-alerts`,
  {
    project,
    services: functions.map((fn) => fn.deployed.serviceName),
    apiService: api.deployed.serviceName,
    alertEmail: config.alertEmail,
  },
  afterApis,
);

const deployed = functions.map((fn) => fn.deployed);

export const apiUrl = api.url;
export const uploadsBucket = uploads.bucket.name;
export const eventTopics = events.names();
export const databaseConnectionName = database.connectionName;
/** For the deploy step (`npm run db:migrate`, deploy.yml): how to reach the database as its admin. */
export const databaseName = DATABASE_NAME;
export const databaseAdminUser = ADMIN_USER;
export const databaseAdminPasswordSecret = secrets.databaseAdminPasswordSecretId;
export const databaseIpType = config.databaseIp === 'private' ? 'PRIVATE' : 'PUBLIC';
/** The functions' IAM database users, which `npm run db:migrate -- --grant …` gives DML on the schema. */
export const databaseUsers = pulumi.all(deployed.map((d) => d.databaseUser));
/** What that grant step runs (for review; the migrate command applies it). */
export const databaseGrants = grantStatements(deployed.map((d) => d.databaseUser));
