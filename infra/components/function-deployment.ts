/**
 * What every FaceGate function component does the same way: its own service account, an IAM login to the
 * database, access to exactly the secrets it reads, its source archive, and the gen2 function itself with the
 * environment that shared/config expects. Each function component adds only its trigger (push-delivery.ts) and
 * its own grants.
 */
import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import { assertKnownVariables, databaseUrl, type Environment } from '../function-environment.js';
import { checkInstances, checkMemoryAndCpu, FUNCTION_RUNTIME } from '../function-limits.js';
import type { FunctionName, StackNames } from '../naming.js';
import type { BuildServiceAccount } from './build-service-account.js';
import type { CloudSqlDatabase } from './cloud-sql-database.js';
import type { EventTopics } from './event-topics.js';
import type { FunctionSources } from './function-sources.js';
import type { SecretName, StackSecrets } from './stack-secrets.js';
import type { UploadsBucket } from './uploads-bucket.js';

/** The stack-wide pieces a function component is wired to. */
export interface FunctionContext {
  project: string;
  region: string;
  names: StackNames;
  sources: FunctionSources;
  database: CloudSqlDatabase;
  secrets: StackSecrets;
  events: EventTopics;
  uploads: UploadsBucket;
  /** From function-environment.ts sharedEnvironment(). */
  environment: Environment;
  /** The account Cloud Build builds every function as. */
  build: BuildServiceAccount;
  /** Serverless VPC Access connector for a private-IP database; unset = no VPC egress. */
  vpcConnector: string | undefined;
}

export interface FunctionSpec {
  fn: FunctionName;
  description: string;
  memory: string;
  cpu: string;
  minInstances: number;
  maxInstances: number;
  /** Requests one instance serves at once. */
  concurrency: number;
  timeoutSeconds: number;
  /** ALLOW_ALL (or through a load balancer) only for the API; event functions take internal (Pub/Sub push) traffic only. */
  ingress: 'ALLOW_ALL' | 'ALLOW_INTERNAL_AND_GCLB' | 'ALLOW_INTERNAL_ONLY';
  /** Secrets it reads; those the stack does not have (retired template keys outside a rotation) are skipped. */
  secrets: readonly SecretName[];
  extraEnvironment?: Environment;
}

export interface DeployedFunction {
  name: FunctionName;
  account: gcp.serviceaccount.Account;
  function: gcp.cloudfunctionsv2.Function;
  /** The function's Cloud Run service name (the same as the function's). */
  serviceName: string;
  /** Its IAM database user (MySQL user name). */
  databaseUser: pulumi.Output<string>;
}

/**
 * Creates the function and everything it needs, as children of `parent`.
 * @param grants IAM grants the component made before calling, which must exist before the first instance starts.
 */
export function deployFunction(
  parent: pulumi.ComponentResource,
  ctx: FunctionContext,
  spec: FunctionSpec,
  grants: (account: gcp.serviceaccount.Account) => pulumi.Resource[] = () => [],
): DeployedFunction {
  const functionName = ctx.names.functionName(spec.fn);
  checkMemoryAndCpu(spec.memory, spec.cpu);
  checkInstances(spec.minInstances, spec.maxInstances);
  const account = new gcp.serviceaccount.Account(
    functionName,
    { accountId: ctx.names.accountId(spec.fn), displayName: `FaceGate ${spec.fn} function (${ctx.names.prefix})` },
    { parent },
  );
  const login = ctx.database.grantIamLogin(`${functionName}-db`, account.email, parent);
  const secrets = spec.secrets.filter((secret) => ctx.secrets.has(secret));
  const secretGrants = secrets.map((secret) =>
    ctx.secrets.grantAccess(`${functionName}-${secret}`, secret, account.email, parent),
  );
  const environment: Environment = {
    ...ctx.environment,
    FACEGATE_DB_URL: databaseUrl(login.user),
    ...spec.extraEnvironment,
  };
  assertKnownVariables([...Object.keys(environment), ...secrets.map((s) => ctx.secrets.variableOf(s))]);

  const source = ctx.sources.archive(spec.fn, functionName, parent);
  const fn = new gcp.cloudfunctionsv2.Function(
    functionName,
    {
      name: functionName,
      location: ctx.region,
      description: spec.description,
      buildConfig: {
        runtime: FUNCTION_RUNTIME,
        entryPoint: spec.fn,
        serviceAccount: ctx.build.id,
        source: { storageSource: { bucket: ctx.sources.bucket.name, object: source.name } },
        // onnxruntime-node's install script fetches GPU extras FaceGate never uses; its CPU binaries ship in the
        // package (the repository denies the script through allowScripts, which the build's npm may not read).
        environmentVariables: { ONNXRUNTIME_NODE_INSTALL: 'skip' },
      },
      serviceConfig: {
        serviceAccountEmail: account.email,
        availableMemory: spec.memory,
        availableCpu: spec.cpu,
        minInstanceCount: spec.minInstances,
        maxInstanceCount: spec.maxInstances,
        maxInstanceRequestConcurrency: spec.concurrency,
        timeoutSeconds: spec.timeoutSeconds,
        ingressSettings: spec.ingress,
        allTrafficOnLatestRevision: true,
        environmentVariables: environment,
        secretEnvironmentVariables: secrets.map((secret) => ctx.secrets.environmentEntry(secret)),
        ...(ctx.vpcConnector === undefined
          ? {}
          : { vpcConnector: ctx.vpcConnector, vpcConnectorEgressSettings: 'PRIVATE_RANGES_ONLY' }),
      },
    },
    // Everything the first instance (and the build) checks exists first: IAM login, secret access, own grants.
    { parent, dependsOn: [...login.grants, ...secretGrants, ...grants(account), ...ctx.build.grants] },
  );
  return { name: spec.fn, account, function: fn, serviceName: functionName, databaseUser: login.user };
}

/** `member` (a push identity, or allUsers for the api) may invoke this one function's service, and no other. */
export function grantInvoker(
  parent: pulumi.ComponentResource,
  ctx: FunctionContext,
  deployed: DeployedFunction,
  member: pulumi.Input<string>,
  suffix = 'invoker',
): gcp.cloudrunv2.ServiceIamMember {
  return new gcp.cloudrunv2.ServiceIamMember(
    `${deployed.serviceName}-${suffix}`,
    { project: ctx.project, location: ctx.region, name: deployed.function.name, role: 'roles/run.invoker', member },
    { parent },
  );
}
