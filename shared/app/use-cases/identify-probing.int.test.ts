/**
 * Identify probing on a FakeClock over SQLite: N denied identifications from one client address within a fixed
 * window raise one `identify_probing` alert for that window, whatever comes after; the next window counts afresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTenantWithKeys } from '../../local/demo-tenant.js';
import type { Principal } from '../facegate-app.js';
import { photo, securityHarness, type Harness } from '../security-harness.test-support.js';

let h: Harness | undefined;
afterEach(() => h?.close());

const WINDOW_MS = 300_000;
const stranger = photo({ person: 2, live: true });
const alice = photo({ person: 1, live: true });

async function harness(attempts = 4): Promise<Harness> {
  h = await securityHarness({ security: { identifyProbing: { attempts, windowMs: WINDOW_MS } } });
  await h.enrolled('alice', 1);
  return h;
}

function identify(t: Harness, ip: string | undefined, image = stranger, principal: Principal = t.client) {
  return t.app.identify(principal, { image, ...(ip ? { client: { ip } } : {}) });
}

async function probingAlerts(t: Harness) {
  await t.idle();
  return t.alerts.filter((a) => a.kind === 'identify_probing');
}

describe('identify probing', () => {
  it('alerts once when one address reaches the threshold in a window, with the denied attempts, and again in a later window', async () => {
    const t = await harness(4);
    t.clock.advance(10_000);
    for (let i = 0; i < 3; i++) expect((await identify(t, '198.51.100.7')).reason).toBe('no_match');
    expect(await probingAlerts(t)).toEqual([]);
    await identify(t, '198.51.100.7');
    const raised = await probingAlerts(t);
    expect(raised).toHaveLength(1);
    const denied = (await t.app.listAttempts(t.operator, { kind: 'identify', outcome: 'denied' })).attempts;
    expect(raised[0]).toMatchObject({
      tenantId: t.client.tenantId,
      severity: 'medium',
      attemptIds: denied.map((a) => a.id).reverse(),
      summary: '4 identifications from one client address found nobody within 5 min',
    });
    expect(raised[0]?.userId).toBeUndefined();

    // The rest of the window adds no alert, however many more denials come.
    for (let i = 0; i < 6; i++) await identify(t, '198.51.100.7');
    expect(await probingAlerts(t)).toHaveLength(1);

    t.clock.advance(WINDOW_MS);
    for (let i = 0; i < 3; i++) await identify(t, '198.51.100.7');
    expect(await probingAlerts(t)).toHaveLength(1);
    await identify(t, '198.51.100.7');
    expect(await probingAlerts(t)).toHaveLength(2);
    // The alerts function recorded both for the console.
    const { alerts } = await t.app.listAlerts(t.operator, { kind: 'identify_probing' });
    expect(alerts).toHaveLength(2);
  });

  it('counts no_match, ambiguous_match and spoof_suspected, but not grants or capture problems', async () => {
    const t = await harness(3);
    // Two accounts of one face: it matches both equally, so neither is named.
    await t.enrolled('twin-a', 3);
    await t.enrolled('twin-b', 3);
    const ip = '203.0.113.9';
    expect((await identify(t, ip, alice)).decision).toBe('granted');
    expect((await identify(t, ip, photo({}))).reason).toBe('no_face');
    expect((await identify(t, ip, photo({ person: 2, live: false }))).reason).toBe('spoof_suspected');
    expect((await identify(t, ip, photo({ person: 3, live: true }))).reason).toBe('ambiguous_match');
    expect(await probingAlerts(t)).toEqual([]);
    expect((await identify(t, ip, alice)).decision).toBe('granted');
    expect((await identify(t, ip)).reason).toBe('no_match');
    const raised = await probingAlerts(t);
    expect(raised).toHaveLength(1);
    const denied = (await t.app.listAttempts(t.operator, { kind: 'identify', outcome: 'denied' })).attempts;
    const counted = denied.filter((a) => a.reason !== 'no_face').map((a) => a.id);
    expect(counted).toHaveLength(3);
    expect(raised[0]?.attemptIds).toEqual(counted.reverse());
  });

  it('keeps addresses and tenants apart, and leaves requests without an address uncounted', async () => {
    const t = await harness(3);
    const other = await t.app.authenticate(`Bearer ${(await createTenantWithKeys(t.repos, 'B')).clientKey}`);
    for (const ip of ['192.0.2.1', '192.0.2.2']) {
      for (let i = 0; i < 2; i++) await identify(t, ip);
    }
    for (let i = 0; i < 2; i++) await identify(t, '192.0.2.1', stranger, other);
    for (let i = 0; i < 5; i++) await identify(t, undefined);
    expect(await probingAlerts(t)).toEqual([]);
    await identify(t, '192.0.2.1', stranger, other);
    const raised = await probingAlerts(t);
    expect(raised.map((a) => a.tenantId)).toEqual([other.tenantId]);
  });

  it('counts in fixed windows: denials split across a window boundary do not add up', async () => {
    const t = await harness(4);
    t.clock.advance(WINDOW_MS - 1000);
    for (let i = 0; i < 3; i++) await identify(t, '198.51.100.8');
    t.clock.advance(1000);
    for (let i = 0; i < 3; i++) await identify(t, '198.51.100.8');
    expect(await probingAlerts(t)).toEqual([]);
  });

  it('is off with a threshold of 0', async () => {
    const t = await harness(0);
    for (let i = 0; i < 20; i++) await identify(t, '198.51.100.7');
    expect(await probingAlerts(t)).toEqual([]);
    expect((await t.app.listAttempts(t.operator, { outcome: 'denied' })).attempts).toHaveLength(20);
  });
});
