/** How console panels word failures, including the endpoints a backend may not have yet. */
import { adviceFor } from '../advice/reason-advice.js';
import { ApiError, isMissingEndpoint } from '../api/api-error.js';
import { h } from '../ui/dom.js';

export function errorMessage(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    const advice = adviceFor(error.code, 'login');
    return advice.tip.startsWith('Please try again (reason:')
      ? `${what}: ${error.message}`
      : `${what}: ${advice.title}. ${advice.tip}`;
  }
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The note a panel shows instead of data when the server does not offer its endpoint. */
export function unavailableNote(endpoint: string, what: string): HTMLElement {
  return h(
    'p',
    { class: 'unavailable', 'data-unavailable': endpoint },
    `${what} are not available: this server does not provide ${endpoint} yet.`,
  );
}

export { isMissingEndpoint };
