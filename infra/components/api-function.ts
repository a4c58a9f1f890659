/**
 * The `api` function: every HTTP route, public (callers authenticate with API keys). It signs upload URLs as its
 * own service account (signBlob on itself), writes and erases captures in the uploads bucket, publishes the login
 * events, and is the only function that can read the token signing keys.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import { deployFunction, grantInvoker, type DeployedFunction, type FunctionContext } from './function-deployment.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

/** Events the api's use cases publish (verify, identify, and the alerts they raise). */
export const API_EVENTS: readonly Topic[] = ['auth.attempted.v1', 'capture.observed.v1', 'security.alert.v1'];

/** The api's ceiling of instances (apiMinInstances may not exceed it). */
export const API_MAX_INSTANCES = 20;

/** Face worker threads for an instance of `cpu` vCPUs (fractional CPUs get one). */
export function faceWorkers(cpu: string): number {
  return Math.max(1, Math.floor(Number(cpu)));
}

export interface ApiFunctionArgs {
  memory: string;
  cpu: string;
  /** IAM members allowed to invoke it: allUsers, or what fronts it under a restrictive organization policy. */
  invokers: readonly string[];
  ingress: 'ALLOW_ALL' | 'ALLOW_INTERNAL_AND_GCLB';
  /** Warm instances, so a login does not wait for a cold start (models load in about a second). */
  minInstances: number;
}

export class ApiFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly url: pulumi.Output<string>;

  constructor(name: string, ctx: FunctionContext, args: ApiFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:ApiFunction', name, {}, opts);
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'api',
        description: 'FaceGate HTTP API',
        memory: args.memory,
        cpu: args.cpu,
        minInstances: args.minInstances,
        maxInstances: API_MAX_INSTANCES,
        // The request thread only parses, authorises and answers while FACEGATE_FACE_WORKERS threads (one per vCPU;
        // Node may see the host's cores, not the instance's share) do the face work, so several requests per
        // instance pay: I/O, token checks and /healthz overlap with face work instead of queueing behind it.
        concurrency: 4 * faceWorkers(args.cpu),
        timeoutSeconds: 60,
        ingress: args.ingress,
        secrets: [...TEMPLATE_SECRETS, 'jwtSigningKeys'],
        extraEnvironment: { GOOGLE_CLOUD_PROJECT: ctx.project, FACEGATE_FACE_WORKERS: String(faceWorkers(args.cpu)) },
      },
      (account) => {
        const member = pulumi.interpolate`serviceAccount:${account.email}`;
        const publish = ctx.events.grantPublish(ctx.names.functionName('api'), API_EVENTS, account.email, this);
        return [
          ...publish,
          new gcp.storage.BucketIAMMember(
            `${name}-uploads`,
            { bucket: ctx.uploads.bucket.name, role: 'roles/storage.objectUser', member },
            { parent: this },
          ),
          // V4 signed URLs without a key file: the storage library asks IAM to sign as this account.
          new gcp.serviceaccount.IAMMember(
            `${name}-sign-as-self`,
            { serviceAccountId: account.name, role: 'roles/iam.serviceAccountTokenCreator', member },
            { parent: this },
          ),
        ];
      },
    );
    for (const member of args.invokers) {
      const suffix =
        member === 'allUsers' ? 'public' : `invoker-${member.replace(/^\w+:/, '').replace(/[^a-z0-9-]+/gi, '-')}`;
      grantInvoker(this, ctx, this.deployed, member, suffix);
    }
    this.url = this.deployed.function.url;
    this.registerOutputs({ url: this.url });
  }
}
