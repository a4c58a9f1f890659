import { z } from 'zod';
import { newWebhookSecret } from '../../crypto/webhook-signature.js';
import type { AppDeps } from '../app-deps.js';
import { badRequest, notFound } from '../app-error.js';
import type { Principal, WebhookInput, WebhookView } from '../facegate-app.js';
import { requireOperator } from './require-operator.js';

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
export async function setWebhook(deps: AppDeps, principal: Principal, raw: WebhookInput): Promise<WebhookView> {
  requireOperator(principal);
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw badRequest('invalid_request', 'Invalid webhook', parsed.error.issues);
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

/** Removes the tenant's webhook: later alerts are recorded as `no_webhook`. */
export async function deleteWebhook(deps: AppDeps, principal: Principal): Promise<void> {
  requireOperator(principal);
  if (!(await deps.repos.tenants.setWebhook(principal.tenantId, null))) throw notFound('Tenant');
  await deps.repos.forTenant(principal.tenantId).auditEvents.add({
    action: 'webhook.deleted',
    actor: principal.apiKeyId,
    subjectType: 'tenant',
    subjectId: principal.tenantId,
  });
}
