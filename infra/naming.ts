/**
 * Names of everything a stack creates, derived from the tenant, so two stacks can share a project and a name
 * says which stack owns it.
 */

/** The deployable functions: each is a folder under functions/ and its Functions Framework entry point. */
export type FunctionName = 'api' | 'embed' | 'alerts' | 'drift' | 'retention';

export interface StackNames {
  /** Prefix of resource names, e.g. `fg-acme`. */
  readonly prefix: string;
  /** FACEGATE_PUBSUB_TOPIC_PREFIX: every event topic is `<topicPrefix><topic>`, e.g. `acme-face.enrolled.v1`. */
  readonly topicPrefix: string;
  /** Cloud Functions (and Cloud Run service) name, e.g. `fg-acme-api`. */
  functionName(fn: FunctionName): string;
  /** Service account id (6-30 characters), e.g. `fg-acme-api`. */
  accountId(fn: FunctionName): string;
}

export function stackNames(tenant: string): StackNames {
  const prefix = `fg-${tenant}`;
  return {
    prefix,
    topicPrefix: `${tenant}-`,
    functionName: (fn) => `${prefix}-${fn}`,
    accountId: (fn) => `${prefix}-${fn}`,
  };
}
