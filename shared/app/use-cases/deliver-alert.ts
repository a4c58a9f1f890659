/**
 * One delivery run of a recorded alert to its tenant's webhook: up to `attempts` signed POSTs with exponential
 * backoff between them. The outcome is written back to the alert; an alert that could not be delivered is kept as
 * `undelivered` with its attempt count, last error and when the next run is due, never dropped.
 */
import { SIGNATURE_HEADER, signWebhook } from '../../crypto/webhook-signature.js';
import type { Alert } from '../../domain/alert.js';
import type { AlertDeliveryPatch } from '../../ports/repositories.js';
import type { AppDeps } from '../app-deps.js';
import { WebhookDestinationRefused } from '../../ports/webhook-sender.js';

/** The part of the app's dependencies this module's steps use. */
export type DeliverAlertDeps = Pick<AppDeps, 'alertDelivery' | 'clock' | 'log' | 'repos' | 'webhooks'>;

/** The JSON a webhook receives: the alert event as published, and the model's triage when there is one. */
export function webhookBody(alert: Alert): string {
  return JSON.stringify({
    type: 'security.alert.v1',
    alert: alert.event,
    ...(alert.triage ? { triage: alert.triage } : {}),
  });
}

/** Statuses worth trying again at once; anything else in 4xx is a refusal a quick retry will not change. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** `lastError` when the destination is not a public address (it was, or resolved differently, at registration). */
export const DESTINATION_REFUSED = 'destination refused: not a public address';
/** `lastError` for every failure without a response: the same text whatever happened on the network. */
export const NO_RESPONSE = 'no response';

export async function deliverAlert(deps: DeliverAlertDeps, alert: Alert): Promise<Alert['status']> {
  const repos = deps.repos.forTenant(alert.tenantId);
  const policy = deps.alertDelivery;
  const hook = await deps.repos.tenants.webhook(alert.tenantId);
  if (!hook) {
    await repos.alerts.updateDelivery(alert.id, {
      status: 'no_webhook',
      deliveryAttempts: alert.deliveryAttempts,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: null,
    });
    return 'no_webhook';
  }
  const body = webhookBody(alert);
  let attempts = alert.deliveryAttempts;
  let lastError = 'not attempted';
  for (let run = 0; run < policy.attempts; run++) {
    if (run > 0) await policy.sleep(policy.backoffMs * 2 ** (run - 1));
    attempts++;
    const signature = signWebhook(hook.secret, Math.floor(deps.clock.nowMs() / 1000), body);
    try {
      const { status } = await deps.webhooks.post({
        url: hook.url,
        body,
        timeoutMs: policy.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'FaceGate-Webhook/1',
          [SIGNATURE_HEADER]: signature,
          'FaceGate-Event': 'security.alert.v1',
          'FaceGate-Alert-Id': alert.id,
          'FaceGate-Delivery-Attempt': String(attempts),
        },
      });
      if (status >= 200 && status < 300) {
        await repos.alerts.updateDelivery(alert.id, {
          status: 'delivered',
          deliveryAttempts: attempts,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt: deps.clock.nowMs(),
        });
        return 'delivered';
      }
      lastError = `HTTP ${status}`;
      if (!retryable(status)) break;
    } catch (error) {
      // Generic on purpose: "connection refused" vs "timeout" vs a TLS error would make lastError a port scanner.
      lastError = error instanceof WebhookDestinationRefused ? DESTINATION_REFUSED : NO_RESPONSE;
      deps.log.info('alert webhook POST failed', {
        tenantId: alert.tenantId,
        alertId: alert.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  const patch: AlertDeliveryPatch = {
    status: 'undelivered',
    deliveryAttempts: attempts,
    lastError,
    nextAttemptAt: nextRunAt(deps, alert, attempts),
    deliveredAt: null,
  };
  await repos.alerts.updateDelivery(alert.id, patch);
  deps.log.warn('alert webhook delivery failed; kept for a later retry', {
    tenantId: alert.tenantId,
    alertId: alert.id,
    attempts,
    lastError,
  });
  return 'undelivered';
}

/** When the next run is due: the delay doubles with each finished run, and retries stop after `retryForMs`. */
function nextRunAt(deps: DeliverAlertDeps, alert: Alert, attempts: number): number | null {
  const policy = deps.alertDelivery;
  const now = deps.clock.nowMs();
  if (now - alert.createdAt >= policy.retryForMs) return null;
  const runs = Math.max(1, Math.ceil(attempts / policy.attempts));
  return now + Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** Math.min(runs - 1, 30));
}
