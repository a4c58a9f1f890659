/**
 * The WebhookSender port: one HTTPS POST to a tenant's endpoint. Signing, retries and bookkeeping are the use
 * case's; the adapter only moves bytes (shared/adapters/http/fetch-webhook-sender.ts).
 */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookSender {
  /**
   * @returns the HTTP status of the response (any status: the caller decides what counts as delivered).
   * @throws when no response arrived (network error, timeout).
   */
  post(request: WebhookRequest): Promise<{ status: number }>;
}
