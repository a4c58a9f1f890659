/**
 * WebhookSender over Node's fetch. Redirects are not followed: a webhook that answers 3xx is an answer (not
 * delivered), and following it could carry a signed incident to a host the tenant never configured.
 */
import type { WebhookRequest, WebhookSender } from '../../ports/webhook-sender.js';

export class FetchWebhookSender implements WebhookSender {
  async post(request: WebhookRequest): Promise<{ status: number }> {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    // The body is of no interest; drain it so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status };
  }
}
