/**
 * The stack's configuration (documented in Pulumi.yaml), read once and checked, so a bad value stops
 * `pulumi preview` with a clear message instead of failing half-way through a deployment.
 */
import * as pulumi from '@pulumi/pulumi';
import { checkInstances, checkMemoryAndCpu, FunctionLimitError, MAX_MIN_INSTANCES } from './function-limits.js';
import { API_MAX_INSTANCES } from './components/api-function.js';

export interface StackConfig {
  project: string;
  region: string;
  /** Prefixes resource, service-account and topic names: 2-16 of a-z, 0-9, "-". */
  tenant: string;
  databaseTier: string;
  /** Origin (scheme://host[:port]) allowed to PUT signed uploads from a browser. */
  webOrigin: string;
  loginCaptureRetentionDays: number;
  apiMinInstances: number;
  apiMemory: string;
  /** CPUs of the api function; memory above 4Gi needs 2 or more (function-limits.ts). */
  apiCpu: string;
  /**
   * Who may invoke the api: `allUsers` (public, callers authenticate with API keys) or, where an organization policy
   * (domain-restricted sharing) forbids allUsers, the IAM members of what fronts it (a load balancer's or an API
   * gateway's service account).
   */
  apiInvokers: string[];
  /** Ingress of the api: `all`, or `internal-and-gclb` when only a load balancer may reach it. */
  apiIngress: 'ALLOW_ALL' | 'ALLOW_INTERNAL_AND_GCLB';
  /**
   * How the database is reached: `public` (public IP, no authorized networks, connector only) or `private` (no
   * public IP, for organizations that restrict public IPs on Cloud SQL; needs databaseNetwork and vpcConnector).
   */
  databaseIp: 'public' | 'private';
  /** VPC network (`projects/<p>/global/networks/<n>`) with private services access, for databaseIp=private. */
  databaseNetwork: string | undefined;
  /** Serverless VPC Access connector (`projects/<p>/locations/<r>/connectors/<c>`) the functions egress through. */
  vpcConnector: string | undefined;
  /** Password of the database admin user that runs migrations and grants (kept in Secret Manager). */
  databaseAdminPassword: pulumi.Output<string>;
  production: boolean;
  alertEmail: string | undefined;
  driftSchedule: string;
  /** Cron schedule (UTC) of the retention function. */
  retentionSchedule: string;
  /** FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS of the retention function; unset = the service's default. */
  attemptClientRetentionDays: number | undefined;
  /** FACEGATE_ABANDONED_ENROLLMENT_DAYS of the retention function; unset = the service's default. */
  abandonedEnrollmentDays: number | undefined;
  /** Vertex AI Gemini model for the alerts function's optional incident triage; unset = off. */
  triageModel: string | undefined;
  /** Vertex AI location of the triage model; unset = the service's default. */
  triageLocation: string | undefined;
  /** Where `npm run build` put the deployable function folders. */
  functionsDir: string;
  templateKey: pulumi.Output<string>;
  /** FACEGATE_TEMPLATE_KEY_ID of templateKey; unset = the service's default (`k1`). */
  templateKeyId: string | undefined;
  /** During a template key rotation only: the previous keys, `<id>:<base64>,…`. */
  retiredTemplateKeys: pulumi.Output<string> | undefined;
  jwtSigningKeys: pulumi.Output<string>;
}

/** Defaults of the optional settings; Pulumi.yaml declares the same (a test keeps them equal). */
export const STACK_DEFAULTS = {
  databaseTier: 'db-custom-1-3840',
  loginCaptureRetentionDays: 30,
  apiMinInstances: 1,
  apiMemory: '2Gi',
  apiCpu: '1',
  apiInvokers: 'allUsers',
  apiIngress: 'all',
  databaseIp: 'public',
  production: false,
  driftSchedule: '0 * * * *',
  retentionSchedule: '30 3 * * *',
} as const;

const TENANT = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const MEMORY = /^\d+(Mi|Gi)$/;
const MEMBER = /^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|principal|principalSet):\S+)$/;
const NETWORK = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/global\/networks\/[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CONNECTOR = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/connectors\/[a-z][a-z0-9-]{0,23}$/;
const INGRESS = { all: 'ALLOW_ALL', 'internal-and-gclb': 'ALLOW_INTERNAL_AND_GCLB' } as const;

/** Thrown for a stack setting that cannot be deployed. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
}

function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StackConfigError(`facegate:webOrigin must be an origin like https://app.example.com, got ${value}`);
  }
  if (url.origin !== value.replace(/\/$/, '') || (url.protocol !== 'https:' && url.hostname !== 'localhost')) {
    throw new StackConfigError(`facegate:webOrigin must be an https origin without a path, got ${value}`);
  }
  return url.origin;
}

/** Runs a check from function-limits.ts, reporting its failure against the setting. */
function limit(setting: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof FunctionLimitError) throw new StackConfigError(`facegate:${setting}: ${error.message}`);
    throw error;
  }
}

function oneOf<T extends string>(setting: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new StackConfigError(`facegate:${setting} must be one of ${allowed.join(', ')}, got ${value}`);
  }
  return value as T;
}

function matching(setting: string, value: string | undefined, pattern: RegExp, example: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new StackConfigError(`facegate:${setting} must look like ${example}, got ${value}`);
  }
  return value;
}

/** Reads and validates the stack configuration. @throws StackConfigError naming the setting. */
export function readStackConfig(defaultFunctionsDir: string): StackConfig {
  const gcp = new pulumi.Config('gcp');
  const config = new pulumi.Config('facegate');
  const tenant = config.require('tenant');
  if (!TENANT.test(tenant)) throw new StackConfigError(`facegate:tenant must be 2-16 of a-z, 0-9, "-", got ${tenant}`);
  const apiMemory = config.get('apiMemory') ?? STACK_DEFAULTS.apiMemory;
  if (!MEMORY.test(apiMemory)) throw new StackConfigError(`facegate:apiMemory must look like 2Gi or 1024Mi`);
  const apiCpu = config.get('apiCpu') ?? STACK_DEFAULTS.apiCpu;
  limit('apiMemory', () => checkMemoryAndCpu(apiMemory, apiCpu));
  const apiMinInstances =
    config.getNumber('apiMinInstances', { min: 0, max: MAX_MIN_INSTANCES }) ?? STACK_DEFAULTS.apiMinInstances;
  limit('apiMinInstances', () => checkInstances(apiMinInstances, API_MAX_INSTANCES));
  const apiInvokers = (config.get('apiInvokers') ?? STACK_DEFAULTS.apiInvokers).split(',').map((m) => m.trim());
  for (const member of apiInvokers) {
    matching('apiInvokers', member, MEMBER, 'allUsers or serviceAccount:lb@p.iam.gserviceaccount.com');
  }
  const ingress = oneOf('apiIngress', config.get('apiIngress') ?? STACK_DEFAULTS.apiIngress, [
    'all',
    'internal-and-gclb',
  ]);
  const databaseIp = oneOf('databaseIp', config.get('databaseIp') ?? STACK_DEFAULTS.databaseIp, ['public', 'private']);
  const databaseNetwork = matching(
    'databaseNetwork',
    config.get('databaseNetwork'),
    NETWORK,
    'projects/<project>/global/networks/<network>',
  );
  const vpcConnector = matching(
    'vpcConnector',
    config.get('vpcConnector'),
    CONNECTOR,
    'projects/<project>/locations/<region>/connectors/<connector>',
  );
  if (databaseIp === 'private' && (!databaseNetwork || !vpcConnector)) {
    throw new StackConfigError('facegate:databaseIp=private needs facegate:databaseNetwork and facegate:vpcConnector');
  }
  return {
    project: gcp.require('project'),
    region: gcp.require('region'),
    tenant,
    databaseTier: config.get('databaseTier') ?? STACK_DEFAULTS.databaseTier,
    webOrigin: origin(config.require('webOrigin')),
    loginCaptureRetentionDays:
      config.getNumber('loginCaptureRetentionDays', { min: 1, max: 3650 }) ?? STACK_DEFAULTS.loginCaptureRetentionDays,
    apiMinInstances,
    apiMemory,
    apiCpu,
    apiInvokers,
    apiIngress: INGRESS[ingress],
    databaseIp,
    databaseNetwork,
    vpcConnector,
    databaseAdminPassword: config.requireSecret('databaseAdminPassword'),
    production: config.getBoolean('production') ?? STACK_DEFAULTS.production,
    alertEmail: config.get('alertEmail'),
    driftSchedule: config.get('driftSchedule') ?? STACK_DEFAULTS.driftSchedule,
    retentionSchedule: config.get('retentionSchedule') ?? STACK_DEFAULTS.retentionSchedule,
    attemptClientRetentionDays: config.getNumber('attemptClientRetentionDays', { min: 1, max: 3650 }),
    abandonedEnrollmentDays: config.getNumber('abandonedEnrollmentDays', { min: 1, max: 3650 }),
    triageModel: config.get('triageModel'),
    triageLocation: config.get('triageLocation'),
    functionsDir: config.get('functionsDir') ?? defaultFunctionsDir,
    templateKey: config.requireSecret('templateKey'),
    templateKeyId: config.get('templateKeyId'),
    // Whether it is set decides whether its secret exists, so presence is read plainly; the value stays secret.
    retiredTemplateKeys:
      config.get('retiredTemplateKeys') === undefined ? undefined : config.requireSecret('retiredTemplateKeys'),
    jwtSigningKeys: config.requireSecret('jwtSigningKeys'),
  };
}
