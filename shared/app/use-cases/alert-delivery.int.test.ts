/**
 * The alerts step against a real HTTP server standing in for the tenant's webhook: signed POSTs, retries with
 * backoff on 500, undeliverable alerts kept and retried on a later run, idempotence, and the optional triage.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../crypto/webhook-signature.js';
import type { EventPayload } from '../../events/registry.js';
import type { IncidentTriage } from '../../ports/incident-triage.js';
import { photo, securityHarness, type Harness, type HarnessOptions } from '../security-harness.test-support.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/facegate`;
  return {
    url,
    received,
    setStatuses: (next: number[]) => statuses.splice(0, statuses.length, ...next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let h: Harness;
let hook: Awaited<ReturnType<typeof receiver>>;
const SECRET = 'a-webhook-secret-of-at-least-32-characters';

async function setUp(statuses: number[], options: HarnessOptions = {}) {
  hook = await receiver(statuses);
  h = await securityHarness(options);
  await h.app.setWebhook(h.operator, { url: hook.url, secret: SECRET });
}

/** Raises one spoof alert through a verify, and waits for the alerts subscription to finish with it. */
async function raiseSpoofAlert(): Promise<EventPayload<'security.alert.v1'>> {
  await h.app.verify(h.client, { username: 'nobody', image: photo({ person: 1, live: false }) });
  await h.idle();
  const alert = h.alerts.at(-1);
  if (!alert) throw new Error('no alert was raised');
  return alert;
}

beforeEach(() => undefined);
afterEach(async () => {
  await h?.close();
  await hook?.close();
});

describe('alert delivery', () => {
  it('POSTs the alert once, signed with HMAC-SHA256 over "<t>.<body>", and records it as delivered', async () => {
    await setUp([200]);
    const event = await raiseSpoofAlert();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    const signature = delivery?.headers['facegate-signature'];
    expect(typeof signature).toBe('string');
    const now = Math.floor(h.clock.nowMs() / 1000);
    expect(verifyWebhookSignature(SECRET, signature as string, delivery?.body ?? '', now)).toBe(true);
    expect(verifyWebhookSignature('another-secret', signature as string, delivery?.body ?? '', now)).toBe(false);
    expect(delivery?.headers['facegate-alert-id']).toBe(event.alertId);
    expect(JSON.parse(delivery?.body ?? '')).toEqual({ type: 'security.alert.v1', alert: event });
    const { alerts } = await h.app.listAlerts(h.operator, {});
    expect(alerts[0]).toMatchObject({ alertId: event.alertId, status: 'delivered', deliveryAttempts: 1 });
  });

  it('retries a 500 with backoff and is delivered on a later POST', async () => {
    await setUp([500, 503, 200]);
    await raiseSpoofAlert();
    expect(hook.received.map((r) => r.headers['facegate-delivery-attempt'])).toEqual(['1', '2', '3']);
    const { alerts } = await h.app.listAlerts(h.operator, {});
    expect(alerts[0]).toMatchObject({ status: 'delivered', deliveryAttempts: 3 });
    expect(alerts[0]?.lastError).toBeUndefined();
  });

  it('keeps an undeliverable alert, then delivers it on a later run once due', async () => {
    await setUp([500]);
    const event = await raiseSpoofAlert();
    expect(hook.received).toHaveLength(3);
    const kept = (await h.app.listAlerts(h.operator, { status: 'undelivered' })).alerts;
    expect(kept).toEqual([
      expect.objectContaining({ alertId: event.alertId, deliveryAttempts: 3, lastError: 'HTTP 500' }),
    ]);
    // Not due yet: nothing is sent.
    expect(await h.app.redeliverAlerts()).toBe(0);
    expect(hook.received).toHaveLength(3);
    hook.setStatuses([200]);
    h.clock.advance(60_000);
    expect(await h.app.redeliverAlerts()).toBe(1);
    expect(hook.received).toHaveLength(4);
    expect(hook.received[3]?.headers['facegate-delivery-attempt']).toBe('4');
    const { alerts } = await h.app.listAlerts(h.operator, {});
    expect(alerts[0]).toMatchObject({ status: 'delivered', deliveryAttempts: 4 });
  });

  it('does not hammer a receiver that refuses (4xx): kept undelivered after one POST', async () => {
    await setUp([410]);
    await raiseSpoofAlert();
    expect(hook.received).toHaveLength(1);
    expect((await h.app.listAlerts(h.operator, {})).alerts[0]).toMatchObject({
      status: 'undelivered',
      lastError: 'HTTP 410',
    });
  });

  it('keeps the alert when the receiver cannot be reached at all', async () => {
    await setUp([200]);
    await hook.close();
    await raiseSpoofAlert();
    const [alert] = (await h.app.listAlerts(h.operator, {})).alerts;
    expect(alert).toMatchObject({ status: 'undelivered', deliveryAttempts: 3 });
    expect(alert?.lastError).toBeTruthy();
  });

  it('records a redelivered event once and does not POST it again', async () => {
    await setUp([200]);
    const event = await raiseSpoofAlert();
    await h.app.onSecurityAlert(event);
    expect(hook.received).toHaveLength(1);
    expect((await h.app.listAlerts(h.operator, {})).alerts).toHaveLength(1);
  });

  it('records alerts as no_webhook when the tenant has none', async () => {
    await setUp([200]);
    await h.app.deleteWebhook(h.operator);
    await raiseSpoofAlert();
    expect(hook.received).toEqual([]);
    expect((await h.app.listAlerts(h.operator, {})).alerts[0]).toMatchObject({ status: 'no_webhook' });
  });

  it('attaches the triage suggestion to the record and the webhook, and delivers without it when triage fails', async () => {
    const seen: string[] = [];
    let fail = false;
    const triage: IncidentTriage = {
      model: 'fake-gemini',
      triage: (alert) => {
        seen.push(alert.kind);
        return fail
          ? Promise.reject(new Error('model unavailable'))
          : Promise.resolve({ summary: 'A printed photo held to the camera.', severity: 'critical' });
      },
    };
    await setUp([200], { triage });
    await raiseSpoofAlert();
    expect(seen).toEqual(['spoof_suspected']);
    const expected = { summary: 'A printed photo held to the camera.', severity: 'critical', model: 'fake-gemini' };
    expect(JSON.parse(hook.received[0]?.body ?? '')).toMatchObject({ triage: expected });
    expect((await h.app.listAlerts(h.operator, {})).alerts[0]?.triage).toEqual(expected);
    fail = true;
    h.clock.advance(1000);
    await raiseSpoofAlert();
    expect(hook.received).toHaveLength(2);
    const [newest] = (await h.app.listAlerts(h.operator, {})).alerts;
    expect(newest).toMatchObject({ status: 'delivered' });
    expect(newest?.triage).toBeUndefined();
  });

  it('lets only operators set a webhook, and only to https (http for localhost only)', async () => {
    await setUp([200]);
    await expect(h.app.setWebhook(h.client, { url: 'https://hooks.example.com' })).rejects.toMatchObject({
      status: 403,
    });
    for (const url of ['http://hooks.example.com/x', 'ftp://hooks.example.com', 'https://user:pw@hooks.example.com']) {
      await expect(h.app.setWebhook(h.operator, { url }), url).rejects.toMatchObject({ status: 400 });
    }
    const generated = await h.app.setWebhook(h.operator, { url: 'https://hooks.example.com/fg' });
    expect(generated.secret.length).toBeGreaterThanOrEqual(32);
  });
});
