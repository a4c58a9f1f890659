/**
 * The `alerts` function (functions/alerts): every `security.alert.v1` message reaches it through an Eventarc
 * Pub/Sub trigger that retries until the incident is recorded and the tenant's webhook has been tried.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Environment } from '../function-environment.js';
import {
  deployFunction,
  eventReceiverGrant,
  grantInvoker,
  type DeployedFunction,
  type FunctionContext,
} from './function-deployment.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const PUBSUB_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

export interface AlertsFunctionArgs {
  /** Optional incident triage with a Vertex AI Gemini model (FACEGATE_TRIAGE_*); unset = off. */
  triageModel: string | undefined;
  triageLocation: string | undefined;
}

export class AlertsFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;

  constructor(name: string, ctx: FunctionContext, args: AlertsFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:AlertsFunction', name, {}, opts);
    const triage: Environment = args.triageModel
      ? {
          FACEGATE_TRIAGE_MODEL: args.triageModel,
          FACEGATE_TRIAGE_PROJECT: ctx.project,
          ...(args.triageLocation ? { FACEGATE_TRIAGE_LOCATION: args.triageLocation } : {}),
        }
      : {};
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
        extraEnvironment: triage,
        eventTrigger: (serviceAccountEmail) => ({
          eventType: PUBSUB_PUBLISHED,
          pubsubTopic: ctx.events.topic('security.alert.v1').id,
          retryPolicy: 'RETRY_POLICY_RETRY',
          triggerRegion: ctx.region,
          serviceAccountEmail,
        }),
      },
      (account) => [
        eventReceiverGrant(this, ctx, 'alerts', account),
        // Only when triage is on: calling Gemini on Vertex AI as this account.
        ...(args.triageModel
          ? [
              new gcp.projects.IAMMember(
                `${name}-vertex-ai`,
                {
                  project: ctx.project,
                  role: 'roles/aiplatform.user',
                  member: pulumi.interpolate`serviceAccount:${account.email}`,
                },
                { parent: this },
              ),
            ]
          : []),
      ],
    );
    grantInvoker(this, ctx, this.deployed, pulumi.interpolate`serviceAccount:${this.deployed.account.email}`);
    this.registerOutputs({});
  }
}
