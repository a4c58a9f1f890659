/**
 * The WebhookSender port: one HTTPS POST to a tenant's endpoint. Signing, retries and bookkeeping are the use
 * case's; the adapter moves bytes, and refuses destinations the service must not reach (private, loopback,
 * link-local and metadata addresses: shared/adapters/http/http-webhook-sender.ts).
 */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** The destination is not a public address (or cannot be resolved to one). Deliberately says no more. */
export class WebhookDestinationRefused extends Error {
  override readonly name = 'WebhookDestinationRefused';
  constructor() {
    super('the webhook destination is not a public address');
  }
}

export interface WebhookSender {
  /**
   * Checks that `url` may be reached, resolving its host now (registration); `post` checks again on every
   * connection. @throws WebhookDestinationRefused.
   */
  checkDestination(url: string): Promise<void>;
  /**
   * @returns the HTTP status of the response (any status: the caller decides what counts as delivered).
   * @throws WebhookDestinationRefused for a destination that may not be reached; another error when no response
   *   arrived (network error, timeout).
   */
  post(request: WebhookRequest): Promise<{ status: number }>;
}
