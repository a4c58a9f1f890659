import { z } from 'zod';
import { newWebhookSecret } from '../../crypto/webhook-signature.js';
import { WebhookDestinationRefused } from '../../ports/webhook-sender.js';
import type { AppDeps } from '../app-deps.js';
import { badRequest, notFound } from '../app-error.js';
import type { Principal, WebhookInput, WebhookStatus, WebhookView } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

/** The part of the app's dependencies this module's steps use. */
export type SetWebhookDeps = Pick<AppDeps, 'repos' | 'webhooks'>;

/** Hosts that may be reached over plain http: only this machine, for local development and tests. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const input = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine((value) => {
      const url = new URL(value);
      return (url.protocol === 'https:' || LOOPBACK.has(url.hostname)) && !url.username && !url.password;
    }, 'must be an https URL without credentials (http only for localhost)'),
  secret: z.string().min(32).max(256).optional(),
});

/**
 * An operator sets where the tenant's alerts are POSTed. Without a secret one is generated; either way the secret
 * is returned, once, so the receiver can check signatures. Alerts already recorded as `no_webhook` stay so.
 */
export async function setWebhook(deps: SetWebhookDeps, principal: Principal, raw: WebhookInput): Promise<WebhookView> {
  requireOperator(principal);
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid webhook', parsed.error.issues);
  await refuseUnreachable(deps, parsed.data.url);
  const webhook = { url: parsed.data.url, secret: parsed.data.secret ?? newWebhookSecret() };
  if (!(await deps.repos.tenants.setWebhook(principal.tenantId, webhook))) throw notFound('Tenant');
  await deps.repos.forTenant(principal.tenantId).auditEvents.add({
    action: 'webhook.set',
    actor: principal.apiKeyId,
    subjectType: 'tenant',
    subjectId: principal.tenantId,
    details: { url: webhook.url },
  });
  return webhook;
}

/**
 * Refuses a URL whose host is, or resolves to, a private, loopback, link-local or metadata address (server-side
 * request forgery); checked again on every delivery. One message whatever the cause, so it reveals nothing about
 * the network behind the service.
 * @throws AppError 400 `webhook_destination_refused`.
 */
async function refuseUnreachable(deps: SetWebhookDeps, url: string): Promise<void> {
  try {
    await deps.webhooks.checkDestination(url);
  } catch (error) {
    if (!(error instanceof WebhookDestinationRefused)) throw error;
    throw badRequest(
      'webhook_destination_refused',
      'The webhook URL must name a host that resolves to public addresses only',
    );
  }
}

/** Removes the tenant's webhook: later alerts are recorded as `no_webhook`. */
export async function deleteWebhook(deps: SetWebhookDeps, principal: Principal): Promise<void> {
  requireOperator(principal);
  if (!(await deps.repos.tenants.setWebhook(principal.tenantId, null))) throw notFound('Tenant');
  await deps.repos.forTenant(principal.tenantId).auditEvents.add({
    action: 'webhook.deleted',
    actor: principal.apiKeyId,
    subjectType: 'tenant',
    subjectId: principal.tenantId,
  });
}

/** Where the tenant's alerts go now, without the secret (shown only when set). */
export async function getWebhook(deps: SetWebhookDeps, principal: Principal): Promise<WebhookStatus> {
  requireOperator(principal);
  const webhook = await deps.repos.tenants.webhook(principal.tenantId);
  return webhook ? { configured: true, url: webhook.url } : { configured: false };
}
