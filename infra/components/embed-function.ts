/**
 * The `embed` function: the uploads bucket notifies `<prefix>uploads.finalized` of every new object (a Cloud
 * Storage Pub/Sub notification, OBJECT_FINALIZE, JSON API payload), and a push subscription of the function's own
 * delivers it (push-delivery.ts): retried while the handler throws (only for failures a retry can fix), then
 * dead-lettered. Not an Eventarc storage trigger: the topic and subscription Eventarc creates for one are its
 * own, and neither can be given a dead-letter policy. The function reads and deletes captures and publishes the
 * enrollment events.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import { deployFunction, type DeployedFunction, type FunctionContext } from './function-deployment.js';
import { deliverByPush, type PushDelivery } from './push-delivery.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

/** The bucket notification's topic: a trigger, not an event contract, so it is not in shared/events. */
export const UPLOADS_FINALIZED = 'uploads.finalized';

/** Events the embed use case publishes (and the duplicate-identity alert). */
export const EMBED_EVENTS: readonly Topic[] = [
  'face.enrolled.v1',
  'enrollment.rejected.v1',
  'capture.observed.v1',
  'security.alert.v1',
];

const TIMEOUT_SECONDS = 120;

export class EmbedFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly finalized: gcp.pubsub.Topic;
  readonly notification: gcp.storage.Notification;
  readonly deliveries: PushDelivery[];

  constructor(name: string, ctx: FunctionContext, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:EmbedFunction', name, {}, opts);
    const topicName = `${ctx.names.topicPrefix}${UPLOADS_FINALIZED}`;
    this.finalized = new gcp.pubsub.Topic(topicName, { name: topicName }, { parent: this });
    // Cloud Storage publishes its notifications as its own service agent: to this topic only.
    const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project: ctx.project }, { parent: this });
    const storageAgentPublishes = new gcp.pubsub.TopicIAMMember(
      `${name}-storage-agent-publisher`,
      {
        topic: this.finalized.name,
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
        timeoutSeconds: TIMEOUT_SECONDS,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
      },
      (account) => [
        ...ctx.events.grantPublish(ctx.names.functionName('embed'), EMBED_EVENTS, account.email, this),
        new gcp.storage.BucketIAMMember(
          `${name}-uploads`,
          {
            bucket: ctx.uploads.bucket.name,
            role: 'roles/storage.objectUser',
            member: pulumi.interpolate`serviceAccount:${account.email}`,
          },
          { parent: this },
        ),
      ],
    );
    this.notification = new gcp.storage.Notification(
      `${name}-uploads-finalized`,
      {
        bucket: ctx.uploads.bucket.name,
        topic: this.finalized.id,
        payloadFormat: 'JSON_API_V1',
        eventTypes: ['OBJECT_FINALIZE'],
      },
      // After the function: its build takes minutes, which gives the agent's new grant time to propagate before
      // Cloud Storage checks it (creating the notification fails while the agent cannot publish yet).
      { parent: this, dependsOn: [storageAgentPublishes, this.deployed.function] },
    );
    this.deliveries = deliverByPush(this, ctx, this.deployed, TIMEOUT_SECONDS, [{ topicName, topic: this.finalized }]);
    this.registerOutputs({ finalizedTopic: this.finalized.name });
  }
}
