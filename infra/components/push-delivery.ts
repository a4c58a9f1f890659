/**
 * How a Pub/Sub topic reaches an event function: a push subscription this stack owns, with a bounded retry
 * policy and its own dead-letter topic, pushing to the function's Cloud Run URL with an OIDC token of the
 * function's service account.
 *
 * Why not an Eventarc trigger: the subscription Eventarc creates for a trigger is Eventarc's — in @pulumi/gcp
 * 9.37 `eventarc.Trigger.transport.pubsub.subscription` and the `cloudfunctionsv2` event trigger's subscription
 * are output-only, and neither resource takes a dead-letter or retry setting — so Pulumi could only point at it,
 * never give it a dead-letter policy (and an edit by hand is undone when Eventarc recreates it). A push
 * subscription is an ordinary `pubsub.Subscription`. The Functions Framework turns a Pub/Sub push body into the
 * same `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent that Eventarc would deliver when the push path
 * names the topic (`/projects/<p>/topics/<t>`), so the handlers are unchanged.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { deadLetterTopic, SEVEN_DAYS } from './dead-letter-topic.js';
import { grantInvoker, type DeployedFunction, type FunctionContext } from './function-deployment.js';

/** Deliveries before a message moves to the dead-letter topic (Pub/Sub allows 5 to 100). */
export const PUSH_MAX_DELIVERY_ATTEMPTS = 5;
export const PUSH_RETRY_POLICY = { minimumBackoff: '10s', maximumBackoff: '600s' } as const;
/**
 * How long Pub/Sub keeps retrying a message that is refused at once (a 429 from a busy function) before it is
 * dead-lettered: the backoff doubles from the minimum, capped at the maximum, between the delivery attempts.
 */
export function retrySpanSeconds(
  policy: { minimumBackoff: string; maximumBackoff: string } = PUSH_RETRY_POLICY,
  attempts = PUSH_MAX_DELIVERY_ATTEMPTS,
): number {
  const min = Number.parseInt(policy.minimumBackoff, 10);
  const max = Number.parseInt(policy.maximumBackoff, 10);
  let total = 0;
  for (let retry = 0; retry < attempts - 1; retry += 1) total += Math.min(max, min * 2 ** retry);
  return total;
}

/** Pub/Sub's longest ack deadline: how long a push waits for the function's answer. */
const MAX_ACK_DEADLINE_SECONDS = 600;

export interface PushSource {
  /** The topic's name, e.g. `acme-security.alert.v1`; names the subscription and its dead-letter topic too. */
  topicName: string;
  topic: gcp.pubsub.Topic;
}

export interface PushDelivery {
  topicName: string;
  subscription: gcp.pubsub.Subscription;
  deadLetter: gcp.pubsub.Topic;
}

/**
 * Subscribes `deployed` to each source topic, as children of `parent`: `<topic>.<function>` pushes, retries with
 * exponential backoff, and after PUSH_MAX_DELIVERY_ATTEMPTS moves the message to `<topic>.<function>.dead-letter`,
 * where a subscription of the same name keeps it 7 days for inspection and redelivery.
 * @param timeoutSeconds the function's timeout: the ack deadline is as long (up to Pub/Sub's 600 s), so a slow
 *   success is not redelivered.
 */
export function deliverByPush(
  parent: pulumi.ComponentResource,
  ctx: FunctionContext,
  deployed: DeployedFunction,
  timeoutSeconds: number,
  sources: readonly PushSource[],
): PushDelivery[] {
  const pubsubAgent = ctx.events.pubsubAgent;
  const pushAccount = deployed.account.email;
  // Once per function: Pub/Sub mints the push's OIDC token as the function's account, and that account may invoke
  // this one function (Cloud Run checks the token's audience: the service URL).
  const tokenCreator = new gcp.serviceaccount.IAMMember(
    `${deployed.serviceName}-push-token`,
    { serviceAccountId: deployed.account.name, role: 'roles/iam.serviceAccountTokenCreator', member: pubsubAgent },
    { parent },
  );
  const invoker = grantInvoker(parent, ctx, deployed, pulumi.interpolate`serviceAccount:${pushAccount}`);
  const serviceUrl = deployed.function.serviceConfig.apply((config) => config?.uri ?? '');

  return sources.map(({ topicName, topic }) => {
    const id = `${topicName}.${deployed.name}`;
    const deadLetter = deadLetterTopic(parent, id);
    // Pub/Sub moves a message to the dead-letter topic, and acknowledges it here, as its own service agent.
    const deadLetterPublisher = new gcp.pubsub.TopicIAMMember(
      `${id}.dead-letter-publisher`,
      { topic: deadLetter.name, role: 'roles/pubsub.publisher', member: pubsubAgent },
      { parent },
    );
    const subscription = new gcp.pubsub.Subscription(
      id,
      {
        name: id,
        topic: topic.id,
        ackDeadlineSeconds: Math.min(MAX_ACK_DEADLINE_SECONDS, timeoutSeconds),
        messageRetentionDuration: SEVEN_DAYS,
        expirationPolicy: { ttl: '' },
        retryPolicy: PUSH_RETRY_POLICY,
        deadLetterPolicy: { deadLetterTopic: deadLetter.id, maxDeliveryAttempts: PUSH_MAX_DELIVERY_ATTEMPTS },
        pushConfig: {
          // The path names the topic: the Functions Framework puts it in the CloudEvent's source.
          pushEndpoint: pulumi.interpolate`${serviceUrl}/projects/${ctx.project}/topics/${topicName}`,
          oidcToken: { serviceAccountEmail: pushAccount, audience: serviceUrl },
        },
      },
      { parent, dependsOn: [deadLetterPublisher, tokenCreator, invoker] },
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `${id}.subscriber`,
      { subscription: subscription.name, role: 'roles/pubsub.subscriber', member: pubsubAgent },
      { parent },
    );
    return { topicName, subscription, deadLetter };
  });
}
