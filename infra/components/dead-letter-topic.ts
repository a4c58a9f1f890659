/** A dead-letter topic with a subscription that keeps what lands there for a week, so nothing is dropped unseen. */
import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';

export const SEVEN_DAYS = '604800s';

/** `<id>.dead-letter`: the topic and its keeper subscription (never expires). */
export function deadLetterTopic(parent: pulumi.Resource, id: string): gcp.pubsub.Topic {
  const name = `${id}.dead-letter`;
  const topic = new gcp.pubsub.Topic(name, { name }, { parent });
  new gcp.pubsub.Subscription(
    name,
    { name, topic: topic.id, messageRetentionDuration: SEVEN_DAYS, expirationPolicy: { ttl: '' } },
    { parent },
  );
  return topic;
}
