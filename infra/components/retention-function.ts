/**
 * The `retention` function (functions/retention): Cloud Scheduler publishes a daily tick to
 * `<prefix>retention.tick`, which reaches the function by push (retried, then dead-lettered: push-delivery.ts),
 * and the retention job runs (shared/jobs/retention-job.ts). Its account may use the database (as every
 * function's) and, in the uploads bucket, only list and delete objects: a custom role, since no predefined role
 * deletes without also reading or writing. It reads the template key (the maintenance composition opens the
 * keyring) and publishes nothing.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { deployFunction, type DeployedFunction, type FunctionContext } from './function-deployment.js';
import { deliverByPush, type PushDelivery } from './push-delivery.js';
import { scheduledTick } from './scheduled-tick.js';
import { TEMPLATE_SECRETS } from './stack-secrets.js';

/** The schedule's topic: a trigger, not an event contract, so it is not in shared/events. */
export const RETENTION_TICK = 'retention.tick';

/** What the job does in the bucket: delete a capture, list a person's prefix to erase it. */
export const RETENTION_BUCKET_PERMISSIONS = ['storage.objects.delete', 'storage.objects.list'] as const;

const TIMEOUT_SECONDS = 540;

export interface RetentionFunctionArgs {
  /** Cron expression, UTC. */
  schedule: string;
  /** FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS: the same period as the bucket's lifecycle rule on login captures. */
  loginCaptureRetentionDays: number;
  /** FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS; unset = the service's default. */
  attemptClientRetentionDays: number | undefined;
  /** FACEGATE_ABANDONED_ENROLLMENT_DAYS; unset = the service's default. */
  abandonedEnrollmentDays: number | undefined;
}

export class RetentionFunction extends pulumi.ComponentResource {
  readonly deployed: DeployedFunction;
  readonly tick: gcp.pubsub.Topic;
  readonly job: gcp.cloudscheduler.Job;
  readonly deliveries: PushDelivery[];

  constructor(name: string, ctx: FunctionContext, args: RetentionFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:functions:RetentionFunction', name, {}, opts);
    const tick = scheduledTick(this, ctx, `${name}-schedule`, {
      tick: RETENTION_TICK,
      schedule: args.schedule,
      description: 'Starts the FaceGate retention job',
    });
    this.tick = tick.topic;
    this.job = tick.job;
    // Custom role ids allow letters, digits, "_" and "."; a deleted one is kept (undeletable) for 7 days.
    const deleter = new gcp.projects.IAMCustomRole(
      `${name}-object-deleter`,
      {
        project: ctx.project,
        roleId: `${ctx.names.prefix.replace(/-/g, '_')}_retention_object_deleter`,
        title: `FaceGate retention (${ctx.names.prefix}): list and delete objects`,
        permissions: [...RETENTION_BUCKET_PERMISSIONS],
      },
      { parent: this },
    );
    this.deployed = deployFunction(
      this,
      ctx,
      {
        fn: 'retention',
        description: 'FaceGate retention: deletes personal data past its retention period',
        memory: '512Mi',
        cpu: '1',
        minInstances: 0,
        maxInstances: 1,
        concurrency: 1,
        timeoutSeconds: TIMEOUT_SECONDS,
        ingress: 'ALLOW_INTERNAL_ONLY',
        secrets: TEMPLATE_SECRETS,
        extraEnvironment: {
          FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS: String(args.loginCaptureRetentionDays),
          ...(args.attemptClientRetentionDays === undefined
            ? {}
            : { FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS: String(args.attemptClientRetentionDays) }),
          ...(args.abandonedEnrollmentDays === undefined
            ? {}
            : { FACEGATE_ABANDONED_ENROLLMENT_DAYS: String(args.abandonedEnrollmentDays) }),
        },
      },
      (account) => [
        new gcp.storage.BucketIAMMember(
          `${name}-uploads`,
          {
            bucket: ctx.uploads.bucket.name,
            role: deleter.name,
            member: pulumi.interpolate`serviceAccount:${account.email}`,
          },
          { parent: this },
        ),
      ],
    );
    this.deliveries = deliverByPush(this, ctx, this.deployed, TIMEOUT_SECONDS, [
      { topicName: tick.topicName, topic: tick.topic },
    ]);
    this.registerOutputs({ tickTopic: this.tick.name });
  }
}
