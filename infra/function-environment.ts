/**
 * The environment every deployed function starts with, in the variable names shared/config/load-config.ts reads
 * (and nothing else but the platform variables listed below), so a deployment can never set a name the service
 * ignores.
 */
import * as pulumi from '@pulumi/pulumi';
import { readVariableNames } from '../shared/config/load-config.js';
import { DATABASE_NAME } from './components/cloud-sql-database.js';

/** Read by code outside loadConfig: the api handler links trace ids to this project (Cloud Run does not set it). */
export const PLATFORM_VARIABLES = ['GOOGLE_CLOUD_PROJECT'] as const;

export type Environment = Record<string, pulumi.Input<string>>;

export interface SharedEnvironmentArgs {
  project: string;
  bucketName: pulumi.Input<string>;
  topicPrefix: string;
  cloudSqlInstance: pulumi.Input<string>;
  /** The api's public base URL (also the default JWT issuer). */
  publicUrl: string;
  /** FACEGATE_TEMPLATE_KEY_ID; omitted = the service's default. */
  templateKeyId: string | undefined;
  /** How the connector reaches the instance: PUBLIC, or PRIVATE for a private-IP-only database. */
  cloudSqlIpType: 'PUBLIC' | 'PRIVATE';
}

/**
 * The TensorFlow.js backend in the cloud: wasm, the one the thresholds (models/manifest.json) and the PAD model were
 * calibrated and measured on. tfjs-node is not shipped: its scores were never compared with wasm's here.
 */
export const CLOUD_TF_BACKEND = 'wasm';

/** Settings every function shares: Cloud Storage, Pub/Sub, Cloud SQL through the connector with IAM login. */
export function sharedEnvironment(args: SharedEnvironmentArgs): Environment {
  return {
    FACEGATE_BLOB_BACKEND: 'gcs',
    FACEGATE_GCS_BUCKET: args.bucketName,
    FACEGATE_EVENT_BACKEND: 'pubsub',
    FACEGATE_PUBSUB_PROJECT_ID: args.project,
    FACEGATE_PUBSUB_TOPIC_PREFIX: args.topicPrefix,
    FACEGATE_CLOUD_SQL_INSTANCE: args.cloudSqlInstance,
    FACEGATE_CLOUD_SQL_IP_TYPE: args.cloudSqlIpType,
    FACEGATE_CLOUD_SQL_IAM_AUTH: 'true',
    // The deploy step migrates as the admin user (`npm run db:migrate`); the functions' users have DML only.
    FACEGATE_DB_MIGRATE_ON_START: 'false',
    FACEGATE_TF_BACKEND: CLOUD_TF_BACKEND,
    FACEGATE_PUBLIC_URL: args.publicUrl,
    // The only writable place in a function instance (in memory); nothing durable is kept there in the cloud.
    FACEGATE_DATA_DIR: '/tmp/facegate',
    FACEGATE_LOG_LEVEL: 'info',
    ...(args.templateKeyId === undefined ? {} : { FACEGATE_TEMPLATE_KEY_ID: args.templateKeyId }),
  };
}

/** FACEGATE_DB_URL for a function logging in as its IAM database user (no password; the connector picks the host). */
export function databaseUrl(iamUser: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(iamUser).apply((user) => `mysql://${encodeURIComponent(user)}@localhost/${DATABASE_NAME}`);
}

/** @throws Error naming any variable that neither loadConfig nor the platform list reads. */
export function assertKnownVariables(names: Iterable<string>): void {
  const known = new Set<string>([...readVariableNames, ...PLATFORM_VARIABLES]);
  const unknown = [...names].filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`environment variables no code reads: ${unknown.join(', ')}`);
}
