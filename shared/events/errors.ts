/** Why an event was refused. */
export type InvalidEventCode =
  /** The topic is not one of the known versioned contracts. */
  | 'unknown_topic'
  /** The payload does not match the topic's schema. */
  | 'invalid_payload'
  /** A transport message (Pub/Sub push or CloudEvent) is not shaped as expected or is not JSON. */
  | 'malformed_message';

/** One schema violation, with the path of the offending field. */
export interface EventIssue {
  path: string;
  message: string;
}

/** Thrown when an event cannot be accepted: on publish, on delivery and when decoding a transport message. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly code: InvalidEventCode,
    message: string,
    readonly topic?: string,
    readonly issues: readonly EventIssue[] = [],
  ) {
    super(message);
  }
}
