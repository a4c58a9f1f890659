/**
 * Names of everything a stack creates, derived from the tenant, so two stacks can share a project and a name
 * says which stack owns it.
 */

import { ACCOUNT_ID } from './function-limits.js';

/** The deployable functions: each is a folder under functions/ and its Functions Framework entry point. */
export type FunctionName = 'api' | 'embed' | 'alerts' | 'drift' | 'retention';

export interface StackNames {
  /** Prefix of resource names, e.g. `fg-acme`. */
  readonly prefix: string;
  /** FACEGATE_PUBSUB_TOPIC_PREFIX: every event topic is `<topicPrefix><topic>`, e.g. `acme-face.enrolled.v1`. */
  readonly topicPrefix: string;
  /** Cloud Functions (and Cloud Run service) name, e.g. `fg-acme-api`. */
  functionName(fn: FunctionName): string;
  /**
   * Service account id (6-30 characters), e.g. `fg-acme-api`; also the function's MySQL user under IAM
   * authentication (the email before `@`), so it stays within MySQL's 32 characters.
   */
  accountId(fn: FunctionName): string;
  /** The account Cloud Build builds the functions as, e.g. `fg-acme-build`. */
  readonly buildAccountId: string;
}

/** @throws Error when the id is not a valid service account id (the tenant rule keeps every id valid). */
function checkedAccountId(id: string): string {
  if (!ACCOUNT_ID.test(id)) throw new Error(`${id} is not a valid service account id (6-30 of a-z, 0-9, -)`);
  return id;
}

export function stackNames(tenant: string): StackNames {
  const prefix = `fg-${tenant}`;
  return {
    prefix,
    topicPrefix: `${tenant}-`,
    functionName: (fn) => `${prefix}-${fn}`,
    accountId: (fn) => checkedAccountId(`${prefix}-${fn}`),
    buildAccountId: checkedAccountId(`${prefix}-build`),
  };
}
