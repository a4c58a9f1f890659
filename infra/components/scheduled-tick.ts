/**
 * A schedule that starts a function: Cloud Scheduler publishes `{"trigger":"schedule"}` (attribute `topic`) to a
 * topic of the stack's own, `<prefix><tick>`, which the function receives by push (push-delivery.ts). A trigger,
 * not an event contract, so the topic is not in shared/events.
 */
import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { FunctionContext } from './function-deployment.js';

export interface ScheduledTickArgs {
  /** The topic's id without the stack's prefix, e.g. `drift.tick`; also the message's `topic` attribute. */
  tick: string;
  /** Cron expression, UTC. */
  schedule: string;
  description: string;
}

export interface ScheduledTick {
  topicName: string;
  topic: gcp.pubsub.Topic;
  job: gcp.cloudscheduler.Job;
}

/** Creates the tick topic and its Cloud Scheduler job as children of `parent`. */
export function scheduledTick(
  parent: pulumi.ComponentResource,
  ctx: FunctionContext,
  jobName: string,
  args: ScheduledTickArgs,
): ScheduledTick {
  const topicName = `${ctx.names.topicPrefix}${args.tick}`;
  const topic = new gcp.pubsub.Topic(topicName, { name: topicName }, { parent });
  const job = new gcp.cloudscheduler.Job(
    jobName,
    {
      region: ctx.region,
      schedule: args.schedule,
      timeZone: 'Etc/UTC',
      description: args.description,
      pubsubTarget: {
        topicName: topic.id,
        data: Buffer.from(JSON.stringify({ trigger: 'schedule' })).toString('base64'),
        attributes: { topic: args.tick },
      },
    },
    { parent },
  );
  return { topicName, topic, job };
}
