/**
 * The EventBus port: publish versioned events and subscribe to them by topic. Adapters: in-process
 * (shared/adapters/local) and Pub/Sub (shared/adapters/gcp). Both validate payloads against the contracts in
 * shared/events on publish and on delivery.
 *
 * Delivery is at-least-once: a handler may see the same event more than once (dedupe on `eventId`), and a
 * handler that throws gets the event again later. Events published while no subscription exists are dropped.
 */
import type { EventPayload, Topic } from '../events/registry.js';

/** Transport facts about one delivery. */
export interface DeliveryInfo {
  topic: Topic;
  /** Id the transport gave the message; stable across redeliveries. */
  messageId: string;
  /** 1 on first delivery; higher on redelivery when the transport knows. */
  attempt: number;
}

/** Handles one event; throwing (or rejecting) asks for redelivery. */
export type EventHandler<T extends Topic> = (event: EventPayload<T>, info: DeliveryInfo) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Durable subscription name (Pub/Sub subscription id). Subscribers sharing a name share the stream, each event
   * going to one of them; different names each get every event. Default: a private subscription for this
   * handler alone (on Pub/Sub, created on subscribe and deleted on close).
   */
  subscription?: string;
}

/** A live subscription; `close()` stops delivery to its handler. */
export interface EventSubscription {
  close(): Promise<void>;
}

export interface EventBus {
  /**
   * Validates and publishes one event.
   * @returns the transport's message id.
   * @throws InvalidEventError when the payload does not match the topic's schema (nothing is published).
   */
  publish<T extends Topic>(topic: T, event: EventPayload<T>): Promise<string>;
  /** Starts delivering events of `topic` to `handler`. */
  subscribe<T extends Topic>(
    topic: T,
    handler: EventHandler<T>,
    options?: SubscribeOptions,
  ): Promise<EventSubscription>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
