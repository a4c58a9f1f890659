/**
 * What the operator console acts on (issue 19), on the real use cases and SQL repositories (in-memory SQLite) with
 * the fake engine: alerts acknowledged once and audited, lockouts visible on users, attempts by username, a user's
 * page with enrollment photos (each view audited), the webhook shown without its secret.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobKeys } from '../../ports/blob-store.js';
import { readCapture, sealCapture } from '../capture-at-rest.js';
import { photo, securityHarness, type Harness } from '../security-harness.test-support.js';

let h: Harness;
let alice: string;
let bob: string;
beforeEach(async () => {
  h = await securityHarness();
  alice = await h.enrolled('alice', 1);
  bob = await h.enrolled('bob', 2);
});
afterEach(() => h.close());

const impostor = photo({ person: 3, live: true });

/** Five failures lock alice out and raise alerts. */
async function lockAlice(): Promise<void> {
  for (let i = 0; i < 5; i++) await h.app.verify(h.client, { username: 'alice', image: impostor });
  await h.idle();
}

async function auditActions(): Promise<string[]> {
  const page = await h.repos.forTenant(h.operator.tenantId).auditEvents.list({ limit: 100 });
  return page.items.map((e) => e.action);
}

describe('alerts acknowledged from the console', () => {
  it('records who acknowledged first and when, audits it once, and filters open from acknowledged', async () => {
    await lockAlice();
    const open = await h.app.listAlerts(h.operator, { acknowledged: false });
    expect(open.alerts.length).toBeGreaterThanOrEqual(2);
    const target = open.alerts[0]!;
    expect(target.acknowledgedAt).toBeUndefined();

    const acked = await h.app.acknowledgeAlert(h.operator, target.alertId);
    expect(acked).toMatchObject({ alertId: target.alertId, acknowledgedBy: h.operator.apiKeyId });
    expect(acked.acknowledgedAt).toBe(new Date(h.clock.nowMs()).toISOString());

    h.clock.advance(60_000);
    const again = await h.app.acknowledgeAlert(h.operator, target.alertId);
    expect(again.acknowledgedAt).toBe(acked.acknowledgedAt); // the first acknowledgement stands
    expect((await auditActions()).filter((a) => a === 'alert.acknowledged')).toHaveLength(1);

    const stillOpen = await h.app.listAlerts(h.operator, { acknowledged: false });
    expect(stillOpen.alerts.map((a) => a.alertId)).not.toContain(target.alertId);
    expect(stillOpen.alerts).toHaveLength(open.alerts.length - 1);
    const done = await h.app.listAlerts(h.operator, { acknowledged: true });
    expect(done.alerts.map((a) => a.alertId)).toEqual([target.alertId]);
  });

  it('refuses a client key and an unknown alert', async () => {
    await lockAlice();
    const [first] = (await h.app.listAlerts(h.operator, {})).alerts;
    await expect(h.app.acknowledgeAlert(h.client, first!.alertId)).rejects.toMatchObject({ status: 403 });
    await expect(h.app.acknowledgeAlert(h.operator, 'alr_nope')).rejects.toMatchObject({ status: 404 });
    expect((await h.app.listAlerts(h.operator, { acknowledged: true })).alerts).toEqual([]);
  });
});

describe('users and attempts as the console shows them', () => {
  it('shows a running lockout with its end, and none after an unlock', async () => {
    await lockAlice();
    const users = (await h.app.listUsers(h.operator, {})).users;
    const lockedAlice = users.find((u) => u.userId === alice)!;
    expect(lockedAlice.lockedUntil).toBe(new Date(h.clock.nowMs() + 30_000).toISOString());
    expect(users.find((u) => u.userId === bob)!.lockedUntil).toBeUndefined();

    await h.app.unlockUser(h.operator, alice);
    expect((await h.app.getUser(h.operator, alice)).user.lockedUntil).toBeUndefined();
  });

  it('lets the lock run out on its own', async () => {
    await lockAlice();
    expect((await h.app.getUser(h.operator, alice)).user.lockedUntil).toBeDefined();
    h.clock.advance(30_000);
    expect((await h.app.getUser(h.operator, alice)).user.lockedUntil).toBeUndefined();
  });

  it('names the matched user in each attempt and filters by username', async () => {
    await h.app.verify(h.client, { username: 'alice', image: impostor });
    h.clock.advance(1000);
    await h.app.verify(h.client, { username: 'bob', image: photo({ person: 2, live: true }) });
    const all = (await h.app.listAttempts(h.operator, {})).attempts;
    expect(all.map((a) => [a.username, a.outcome])).toEqual([
      ['bob', 'granted'],
      ['alice', 'denied'],
    ]);
    const bobs = (await h.app.listAttempts(h.operator, { username: 'bob' })).attempts;
    expect(bobs.map((a) => a.userId)).toEqual([bob]);
    expect((await h.app.listAttempts(h.operator, { username: 'nobody' })).attempts).toEqual([]);
    // A name and an id of two different users match nothing, rather than one of them.
    expect((await h.app.listAttempts(h.operator, { username: 'bob', userId: alice })).attempts).toEqual([]);
  });

  it('shows an erased user as null in attempts that named them', async () => {
    await h.app.verify(h.client, { username: 'bob', image: photo({ person: 2, live: true }) });
    await h.app.deleteUser(h.operator, bob);
    const [attempt] = (await h.app.listAttempts(h.operator, {})).attempts;
    expect(attempt?.username).toBeNull();
  });
});

describe("a user's page", () => {
  it('lists the enrollment photos and serves one, sealed at rest, opened for an operator, audited', async () => {
    const repos = h.repos.forTenant(h.operator.tenantId);
    const [capture] = await repos.captures.listByUser(alice);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const stored = await h.blobs.put(capture!.blobPath, jpeg, { contentType: 'image/jpeg' });
    await repos.captures.moveBlob(
      capture!.id,
      { blobPath: capture!.blobPath, generation: capture!.generation },
      { blobPath: capture!.blobPath, generation: stored.generation },
    );
    const current = (await repos.captures.get(capture!.id))!;
    expect(await sealCapture(h.blobs, h.deps.cipher, repos, current, jpeg)).toBe(true);
    const sealed = (await repos.captures.get(capture!.id))!;
    expect(sealed.blobPath).toBe(blobKeys.sealedCapture(h.operator.tenantId, alice, capture!.id));

    const detail = await h.app.getUser(h.operator, alice);
    expect(detail.user).toMatchObject({ userId: alice, username: 'alice', status: 'active', templates: 1 });
    expect(detail.photos).toEqual([{ captureId: capture!.id, createdAt: expect.any(String) as string }]);

    const shown = await h.app.getUserPhoto(h.operator, alice, capture!.id);
    expect(shown.contentType).toBe('image/jpeg');
    expect(Buffer.from(shown.bytes)).toEqual(Buffer.from(jpeg));
    expect(await readCapture(h.blobs, h.deps.cipher, h.operator.tenantId, sealed)).toEqual(shown.bytes);
    expect(await auditActions()).toContain('capture.viewed');
  });

  it("refuses a client key, another user's photo and unknown ids", async () => {
    const [aliceCapture] = await h.repos.forTenant(h.operator.tenantId).captures.listByUser(alice);
    await expect(h.app.getUser(h.client, alice)).rejects.toMatchObject({ status: 403 });
    await expect(h.app.getUserPhoto(h.client, alice, aliceCapture!.id)).rejects.toMatchObject({ status: 403 });
    await expect(h.app.getUserPhoto(h.operator, bob, aliceCapture!.id)).rejects.toMatchObject({ status: 404 });
    await expect(h.app.getUser(h.operator, 'usr_nobody')).rejects.toMatchObject({ status: 404 });
    // The harness's capture has no bytes stored: a missing object is a 404, not a crash.
    await expect(h.app.getUserPhoto(h.operator, alice, aliceCapture!.id)).rejects.toMatchObject({ status: 404 });
    expect(await auditActions()).not.toContain('capture.viewed');
  });
});

describe('the webhook as the console shows it', () => {
  it('says when none is set, and shows the URL but never the secret once one is', async () => {
    expect(await h.app.getWebhook(h.operator)).toEqual({ configured: false });
    const set = await h.app.setWebhook(h.operator, { url: 'https://hooks.example.com/fg' });
    const shown = await h.app.getWebhook(h.operator);
    expect(shown).toEqual({ configured: true, url: 'https://hooks.example.com/fg' });
    expect(JSON.stringify(shown)).not.toContain(set.secret);
    await expect(h.app.getWebhook(h.client)).rejects.toMatchObject({ status: 403 });
  });
});
