/**
 * The `embed` function, triggered by Eventarc when an object is finalized in the uploads bucket. Eventarc
 * retries a failed delivery (the handler throws only for failures a retry can fix); the function reads and
 * deletes captures and publishes the enrollment events.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import {
  deployFunction,
  eventReceiverGrant,
  grantInvoker,
  type DeployedFunction,
  type FunctionContext,
} from './function-deployment.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const STORAGE_FINALIZED = 'google.cloud.storage.object.v1.finalized';

/** Events the embed use case publishes (and the duplicate-identity alert). */
export const EMBED_EVENTS: readonly Topic[] = [
  'face.enrolled.v1',
  'enrollment.rejected.v1',
  'capture.observed.v1',
  'security.alert.v1',
];

export class EmbedFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;

  constructor(name: string, ctx: FunctionContext, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:EmbedFunction', name, {}, opts);
    // Cloud Storage publishes its events through Pub/Sub as its own service agent.
    const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project: ctx.project }, { parent: this });
    const storageAgentPublishes = new gcp.projects.IAMMember(
      `${name}-storage-agent-publisher`,
      {
        project: ctx.project,
        role: 'roles/pubsub.publisher',
        member: pulumi.interpolate`serviceAccount:${storageAgent.emailAddress}`,
      },
      { parent: this },
    );
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'embed',
        description: 'FaceGate enrollment: embeds each uploaded capture',
        memory: '2Gi',
        cpu: '1',
        minInstances: 0,
        maxInstances: 10,
        concurrency: 1,
        timeoutSeconds: 120,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
        eventTrigger: (serviceAccountEmail) => ({
          eventType: STORAGE_FINALIZED,
          eventFilters: [{ attribute: 'bucket', value: ctx.uploads.bucket.name }],
          retryPolicy: 'RETRY_POLICY_RETRY',
          triggerRegion: ctx.region,
          serviceAccountEmail,
        }),
      },
      (account) => {
        const publish = ctx.events.grantPublish(ctx.names.functionName('embed'), EMBED_EVENTS, account.email, this);
        return [
          ...publish,
          storageAgentPublishes,
          eventReceiverGrant(this, ctx, 'embed', account),
          new gcp.storage.BucketIAMMember(
            `${name}-uploads`,
            {
              bucket: ctx.uploads.bucket.name,
              role: 'roles/storage.objectUser',
              member: pulumi.interpolate`serviceAccount:${account.email}`,
            },
            { parent: this },
          ),
        ];
      },
    );
    grantInvoker(this, ctx, this.deployed, pulumi.interpolate`serviceAccount:${this.deployed.account.email}`);
    this.registerOutputs({});
  }
}
