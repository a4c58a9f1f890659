/**
 * The `drift` function (functions/drift) has two inputs, each a push subscription of its own with a dead-letter
 * topic (push-delivery.ts): the schedule — Cloud Scheduler publishes a tick to `<prefix>drift.tick`; the handler
 * logs a failed check instead of throwing (the next tick recomputes), so only a failed start is retried — and
 * every `capture.observed.v1` event, which the function stores for the windows it compares (a failed store is
 * retried; the store is idempotent per event id). It publishes `drift.detected.v1`.
 */
import type * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { Topic } from '../../shared/events/registry.js';
import { deployFunction, type DeployedFunction, type FunctionContext } from './function-deployment.js';
import { deliverByPush, type PushDelivery } from './push-delivery.js';
import { scheduledTick } from './scheduled-tick.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

export const DRIFT_EVENTS: readonly Topic[] = ['drift.detected.v1'];

/** The events the drift function stores for its windows. */
export const DRIFT_OBSERVES: Topic = 'capture.observed.v1';

/** The schedule's topic: a trigger, not an event contract, so it is not in shared/events. */
export const DRIFT_TICK = 'drift.tick';

const TIMEOUT_SECONDS = 540;

/**
 * Both inputs reach one service, one request per instance. A check holds its instance for up to TIMEOUT_SECONDS,
 * far longer than Pub/Sub retries an observation refused with 429 (retrySpanSeconds(), 150 s), so with a single
 * instance every observation arriving during a check would be dead-lettered. One slot is the check's (the schedule
 * is hourly, the ack deadline equals the timeout, so checks never overlap), the others store observations.
 */
export const DRIFT_SIZING = { checkSlots: 1, observationSlots: 2, concurrency: 1 } as const;
export const DRIFT_MAX_INSTANCES = DRIFT_SIZING.checkSlots + DRIFT_SIZING.observationSlots;

export interface DriftFunctionArgs {
  /** Cron expression, UTC. */
  schedule: string;
}

export class DriftFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly tick: gcp.pubsub.Topic;
  readonly job: gcp.cloudscheduler.Job;
  readonly deliveries: PushDelivery[];

  constructor(name: string, ctx: FunctionContext, args: DriftFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:DriftFunction', name, {}, opts);
    const tick = scheduledTick(this, ctx, `${name}-schedule`, {
      tick: DRIFT_TICK,
      schedule: args.schedule,
      description: 'Starts a FaceGate drift check',
    });
    this.tick = tick.topic;
    this.job = tick.job;
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'drift',
        description: 'FaceGate drift check: compares recent captures with the reference window',
        memory: '1Gi',
        cpu: '1',
        minInstances: 0,
        maxInstances: DRIFT_MAX_INSTANCES,
        concurrency: DRIFT_SIZING.concurrency,
        timeoutSeconds: TIMEOUT_SECONDS,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
      },
      (account) => ctx.events.grantPublish(ctx.names.functionName('drift'), DRIFT_EVENTS, account.email, this),
    );
    this.deliveries = deliverByPush(this, ctx, this.deployed, TIMEOUT_SECONDS, [
      { topicName: tick.topicName, topic: tick.topic },
      { topicName: `${ctx.names.topicPrefix}${DRIFT_OBSERVES}`, topic: ctx.events.topic(DRIFT_OBSERVES) },
    ]);
    this.registerOutputs({ tickTopic: this.tick.name });
  }
}
