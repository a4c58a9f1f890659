/**
 * The `drift` function (functions/drift) has two inputs: the schedule — Cloud Scheduler publishes a tick to a
 * topic of its own, whose Eventarc trigger is the function's, not retried (the next tick recomputes) — and every
 * `capture.observed.v1` event, which a second Eventarc trigger delivers (retried by Pub/Sub) so the function
 * stores the observations it compares. It publishes `drift.detected.v1`.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import { PUBSUB_PUBLISHED } from './alerts-function.js';
import {
  deployFunction,
  eventReceiverGrant,
  grantInvoker,
  type DeployedFunction,
  type FunctionContext,
} from './function-deployment.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const DRIFT_EVENTS: readonly Topic[] = ['drift.detected.v1'];

/** The events the drift function stores for its windows. */
export const DRIFT_OBSERVES: Topic = 'capture.observed.v1';

/** The schedule's topic: a trigger, not an event contract, so it is not in shared/events. */
export const DRIFT_TICK = 'drift.tick';

export interface DriftFunctionArgs {
  /** Cron expression, UTC. */
  schedule: string;
}

export class DriftFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly tick: gcp.pubsub.Topic;
  readonly job: gcp.cloudscheduler.Job;
  readonly observations: gcp.eventarc.Trigger;

  constructor(name: string, ctx: FunctionContext, args: DriftFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:DriftFunction', name, {}, opts);
    const tickName = `${ctx.names.topicPrefix}${DRIFT_TICK}`;
    this.tick = new gcp.pubsub.Topic(tickName, { name: tickName }, { parent: this });
    this.job = new gcp.cloudscheduler.Job(
      `${name}-schedule`,
      {
        region: ctx.region,
        schedule: args.schedule,
        timeZone: 'Etc/UTC',
        description: 'Starts a FaceGate drift check',
        pubsubTarget: {
          topicName: this.tick.id,
          data: Buffer.from(JSON.stringify({ trigger: 'schedule' })).toString('base64'),
          attributes: { topic: DRIFT_TICK },
        },
      },
      { parent: this },
    );
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'drift',
        description: 'FaceGate drift check: compares recent captures with the reference window',
        memory: '1Gi',
        cpu: '1',
        minInstances: 0,
        maxInstances: 1,
        concurrency: 1,
        timeoutSeconds: 540,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
        eventTrigger: (serviceAccountEmail) => ({
          eventType: PUBSUB_PUBLISHED,
          pubsubTopic: this.tick.id,
          retryPolicy: 'RETRY_POLICY_DO_NOT_RETRY',
          triggerRegion: ctx.region,
          serviceAccountEmail,
        }),
      },
      (account) => {
        const publish = ctx.events.grantPublish(ctx.names.functionName('drift'), DRIFT_EVENTS, account.email, this);
        return [...publish, eventReceiverGrant(this, ctx, 'drift', account)];
      },
    );
    const invoker = grantInvoker(
      this,
      ctx,
      this.deployed,
      pulumi.interpolate`serviceAccount:${this.deployed.account.email}`,
    );
    this.observations = new gcp.eventarc.Trigger(
      `${name}-observations`,
      {
        location: ctx.region,
        matchingCriterias: [{ attribute: 'type', value: PUBSUB_PUBLISHED }],
        transport: { pubsub: { topic: ctx.events.topic(DRIFT_OBSERVES).id } },
        destination: { cloudRunService: { service: this.deployed.function.name, region: ctx.region } },
        serviceAccount: this.deployed.account.email,
      },
      { parent: this, dependsOn: [invoker] },
    );
    this.registerOutputs({ tickTopic: this.tick.name });
  }
}
