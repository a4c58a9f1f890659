/**
 * `npm run alerts:redeliver`: POSTs every tenant's undelivered alerts whose retry is due to their webhooks, once
 * (for a scheduler or an operator after fixing a webhook; the alerts function also retries due alerts as it runs),
 * after publishing the events parked in the outbox while Pub/Sub was unreachable.
 * Prints how many were delivered and how many are still kept as undelivered.
 */
import { compose } from '../shared/compose.js';

const composition = await compose();
try {
  // Alerts raised while Pub/Sub was unreachable first reach the alerts function.
  const relayed = await composition.relayOutbox();
  if (relayed > 0) console.log(`alerts:redeliver: ${relayed} parked event(s) published`);
  const delivered = await composition.app.redeliverAlerts();
  let kept = 0;
  for (const tenant of await composition.repos.tenants.list()) {
    kept += (await composition.repos.forTenant(tenant.id).alerts.list({ status: 'undelivered', limit: 500 })).items
      .length;
  }
  console.log(`alerts:redeliver: ${delivered} delivered, ${kept}${kept === 500 ? '+' : ''} still undelivered`);
} finally {
  await composition.close();
}
