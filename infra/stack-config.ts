/**
 * The stack's configuration (documented in Pulumi.yaml), read once and checked, so a bad value stops
 * `pulumi preview` with a clear message instead of failing half-way through a deployment.
 */
import * as pulumi from '@pulumi/pulumi';

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
  production: false,
  driftSchedule: '0 * * * *',
  retentionSchedule: '30 3 * * *',
} as const;

const TENANT = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/;
const MEMORY = /^\d+(Mi|Gi)$/;

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

/** Reads and validates the stack configuration. @throws StackConfigError naming the setting. */
export function readStackConfig(defaultFunctionsDir: string): StackConfig {
  const gcp = new pulumi.Config('gcp');
  const config = new pulumi.Config('facegate');
  const tenant = config.require('tenant');
  if (!TENANT.test(tenant)) throw new StackConfigError(`facegate:tenant must be 2-16 of a-z, 0-9, "-", got ${tenant}`);
  const apiMemory = config.get('apiMemory') ?? STACK_DEFAULTS.apiMemory;
  if (!MEMORY.test(apiMemory)) throw new StackConfigError(`facegate:apiMemory must look like 2Gi or 1024Mi`);
  return {
    project: gcp.require('project'),
    region: gcp.require('region'),
    tenant,
    databaseTier: config.get('databaseTier') ?? STACK_DEFAULTS.databaseTier,
    webOrigin: origin(config.require('webOrigin')),
    loginCaptureRetentionDays:
      config.getNumber('loginCaptureRetentionDays', { min: 1, max: 3650 }) ?? STACK_DEFAULTS.loginCaptureRetentionDays,
    apiMinInstances: config.getNumber('apiMinInstances', { min: 0, max: 100 }) ?? STACK_DEFAULTS.apiMinInstances,
    apiMemory,
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
