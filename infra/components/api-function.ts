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

/**
 * vCPUs per api instance, and as many face worker threads (FACEGATE_FACE_WORKERS; Node may see the host's cores,
 * not the instance's share). The request thread only parses, authorises and answers while the workers do the face
 * work, so serving several requests per instance (`concurrency`) pays: database and storage I/O, token checks and
 * /healthz overlap with the face work instead of queueing behind it. Raise both together for a bigger instance.
 */
export const API_CPU = 1;

export interface ApiFunctionArgs {
  memory: string;
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
        cpu: String(API_CPU),
        minInstances: args.minInstances,
        maxInstances: 20,
        concurrency: 4 * API_CPU,
        timeoutSeconds: 60,
        ingress: 'ALLOW_ALL',
        secrets: [...TEMPLATE_SECRETS, 'jwtSigningKeys'],
        extraEnvironment: { GOOGLE_CLOUD_PROJECT: ctx.project, FACEGATE_FACE_WORKERS: String(API_CPU) },
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
    grantInvoker(this, ctx, this.deployed, 'allUsers', 'public');
    this.url = this.deployed.function.url;
    this.registerOutputs({ url: this.url });
  }
}
