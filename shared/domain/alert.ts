import type { JsonObject } from './json.js';

/**
 * Where a recorded alert stands with the tenant's webhook: `pending` until a delivery is tried, `delivered`,
 * `undelivered` after the last try failed (kept and retried later), `no_webhook` when the tenant has none.
 */
export type AlertDeliveryStatus = 'pending' | 'delivered' | 'undelivered' | 'no_webhook';

export const ALERT_DELIVERY_STATUSES: readonly AlertDeliveryStatus[] = [
  'pending',
  'delivered',
  'undelivered',
  'no_webhook',
];

export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/** The model's reading of an incident (optional Gemini triage); advice for a person, never a decision. */
export interface AlertTriage {
  summary: string;
  severity: AlertSeverity;
  model: string;
}

/** A recorded security incident: one `security.alert.v1` event and the state of its webhook delivery. */
export interface Alert {
  /** The event's `alertId`: recording the same event twice keeps one row. */
  id: string;
  tenantId: string;
  kind: string;
  severity: AlertSeverity;
  userId: string | null;
  attemptIds: string[];
  summary: string;
  /** The whole event as received, so the webhook sends exactly what was published. */
  event: JsonObject;
  status: AlertDeliveryStatus;
  /** Webhook POSTs made so far. */
  deliveryAttempts: number;
  lastError: string | null;
  /** Epoch milliseconds when an undelivered alert is next due for a retry. */
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  triage: AlertTriage | null;
  /** Epoch milliseconds: when the alert was raised (the event's `occurredAt`). */
  createdAt: number;
  /** Epoch milliseconds when an operator acknowledged it; null while open. */
  acknowledgedAt: number | null;
  /** The id of the operator key that acknowledged it. */
  acknowledgedBy: string | null;
}

/** A tenant's alert webhook: where incidents are POSTed and the HMAC key their signature uses. */
export interface TenantWebhook {
  url: string;
  secret: string;
}
