/**
 * The `alerts` function (functions/alerts): every `security.alert.v1` message reaches it through a push
 * subscription of its own (push-delivery.ts) that retries until the incident is recorded and the tenant's webhook
 * has been tried, and dead-letters a message after PUSH_MAX_DELIVERY_ATTEMPTS failed deliveries.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import type { Environment } from '../function-environment.js';
import { deployFunction, type DeployedFunction, type FunctionContext } from './function-deployment.js';
import { deliverByPush, type PushDelivery } from './push-delivery.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const ALERTS_CONSUMES: Topic = 'security.alert.v1';
const TIMEOUT_SECONDS = 120;

export interface AlertsFunctionArgs {
  /** Optional incident triage with a Vertex AI Gemini model (FACEGATE_TRIAGE_*); unset = off. */
  triageModel: string | undefined;
  triageLocation: string | undefined;
}

export class AlertsFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly deliveries: PushDelivery[];

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
        timeoutSeconds: TIMEOUT_SECONDS,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
        extraEnvironment: triage,
      },
      (account) => [
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
    this.deliveries = deliverByPush(this, ctx, this.deployed, TIMEOUT_SECONDS, [
      { topicName: `${ctx.names.topicPrefix}${ALERTS_CONSUMES}`, topic: ctx.events.topic(ALERTS_CONSUMES) },
    ]);
    this.registerOutputs({});
  }
}
