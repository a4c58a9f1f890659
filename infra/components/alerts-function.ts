/**
 * The `alerts` function (functions/alerts): every `security.alert.v1` message reaches it through an Eventarc
 * Pub/Sub trigger that retries until the incident is recorded and the tenant's webhook has been tried.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  deployFunction,
  eventReceiverGrant,
  grantInvoker,
  type DeployedFunction,
  type FunctionContext,
} from './function-deployment.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const PUBSUB_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

export class AlertsFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;

  constructor(name: string, ctx: FunctionContext, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:AlertsFunction', name, {}, opts);
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'alerts',
        description: 'FaceGate security alerts: records incidents and notifies the tenant',
        memory: '1Gi',
        cpu: '1',
        minInstances: 0,
        maxInstances: 5,
        concurrency: 1,
        timeoutSeconds: 120,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
        eventTrigger: (serviceAccountEmail) => ({
          eventType: PUBSUB_PUBLISHED,
          pubsubTopic: ctx.events.topic('security.alert.v1').id,
          retryPolicy: 'RETRY_POLICY_RETRY',
          triggerRegion: ctx.region,
          serviceAccountEmail,
        }),
      },
      (account) => [eventReceiverGrant(this, ctx, 'alerts', account)],
    );
    grantInvoker(this, ctx, this.deployed, pulumi.interpolate`serviceAccount:${this.deployed.account.email}`);
    this.registerOutputs({});
  }
}
