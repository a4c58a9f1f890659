/**
 * A Pub/Sub topic per event contract (shared/events/registry.ts), each with a dead-letter topic and an
 * `integration` pull subscription for the tenant's own systems: exponential retry, then the dead-letter topic
 * after MAX_DELIVERY_ATTEMPTS, where a subscription keeps what failed for inspection. Functions fed by a topic
 * get their own push subscription with its own dead-letter topic (push-delivery.ts).
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { deadLetterTopic, SEVEN_DAYS } from './dead-letter-topic.js';
import type { Topic } from '../../shared/events/registry.js';

export interface EventTopicsArgs {
  project: string;
  /** FACEGATE_PUBSUB_TOPIC_PREFIX. */
  topicPrefix: string;
  topics: readonly Topic[];
}

export const MAX_DELIVERY_ATTEMPTS = 5;

export class EventTopics extends pulumi.ComponentResource {
  private readonly byEvent = new Map<Topic, gcp.pubsub.Topic>();
  /** IAM member of the project's Pub/Sub service agent, which dead-letters messages and mints push tokens. */
  readonly pubsubAgent: pulumi.Output<string>;

  constructor(name: string, args: EventTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('facegate:messaging:EventTopics', name, {}, opts);
    const project = gcp.organizations.getProjectOutput({ projectId: args.project }, { parent: this });
    const pubsubAgent = pulumi.interpolate`serviceAccount:service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    this.pubsubAgent = pubsubAgent;

    for (const event of args.topics) {
      const id = `${args.topicPrefix}${event}`;
      const topic = new gcp.pubsub.Topic(id, { name: id, messageRetentionDuration: SEVEN_DAYS }, { parent: this });
      const deadLetter = deadLetterTopic(this, id);
      const integration = new gcp.pubsub.Subscription(
        `${id}.integration`,
        {
          name: `${id}.integration`,
          topic: topic.id,
          ackDeadlineSeconds: 60,
          messageRetentionDuration: SEVEN_DAYS,
          expirationPolicy: { ttl: '' },
          retryPolicy: { minimumBackoff: '10s', maximumBackoff: '600s' },
          deadLetterPolicy: { deadLetterTopic: deadLetter.id, maxDeliveryAttempts: MAX_DELIVERY_ATTEMPTS },
        },
        { parent: this },
      );
      // Pub/Sub moves a message to the dead-letter topic as its own service agent, which needs both of these.
      new gcp.pubsub.TopicIAMMember(
        `${id}.dead-letter-publisher`,
        { topic: deadLetter.name, role: 'roles/pubsub.publisher', member: pubsubAgent },
        { parent: this },
      );
      new gcp.pubsub.SubscriptionIAMMember(
        `${id}.integration-subscriber`,
        { subscription: integration.name, role: 'roles/pubsub.subscriber', member: pubsubAgent },
        { parent: this },
      );
      this.byEvent.set(event, topic);
    }
    this.registerOutputs({ topics: this.names() });
  }

  topic(event: Topic): gcp.pubsub.Topic {
    const topic = this.byEvent.get(event);
    if (!topic) throw new Error(`no Pub/Sub topic for ${event}`);
    return topic;
  }

  /** Event → Pub/Sub topic name, for the stack outputs. */
  names(): Record<string, pulumi.Output<string>> {
    return Object.fromEntries([...this.byEvent].map(([event, topic]) => [event, topic.name]));
  }

  /** Lets a service account publish to exactly the given events' topics. */
  grantPublish(
    resourcePrefix: string,
    events: readonly Topic[],
    email: pulumi.Output<string>,
    parent: pulumi.Resource,
  ): gcp.pubsub.TopicIAMMember[] {
    return events.map(
      (event) =>
        new gcp.pubsub.TopicIAMMember(
          `${resourcePrefix}-publish-${event}`,
          {
            topic: this.topic(event).name,
            role: 'roles/pubsub.publisher',
            member: pulumi.interpolate`serviceAccount:${email}`,
          },
          { parent },
        ),
    );
  }
}
