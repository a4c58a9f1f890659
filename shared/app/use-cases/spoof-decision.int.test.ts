/** Presentation attacks: a face the PAD model judges not live is denied or rejected, recorded and alerted. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobKeys } from '../../ports/blob-store.js';
import { photo, securityHarness, type Harness } from '../security-harness.test-support.js';

let h: Harness;
beforeEach(async () => {
  h = await securityHarness();
});
afterEach(() => h.close());

describe('spoof decision', () => {
  it('verify: denies spoof_suspected, records the liveness score, counts a failure and raises an alert', async () => {
    const userId = await h.enrolled('alice', 1);
    const result = await h.app.verify(h.client, {
      username: 'alice',
      image: photo({ person: 1, live: false, livenessScore: 0.07 }),
    });
    expect(result).toMatchObject({ decision: 'denied', reason: 'spoof_suspected', userId });
    expect(result.token).toBeUndefined();
    await h.idle();
    const { attempts } = await h.app.listAttempts(h.operator, {});
    expect(attempts[0]).toMatchObject({ reason: 'spoof_suspected', livenessScore: 0.07, userId });
    expect(h.alerts).toEqual([
      expect.objectContaining({ kind: 'spoof_suspected', severity: 'high', userId, attemptIds: [attempts[0]?.id] }),
    ]);
    expect(h.alerts[0]?.livenessScore).toBe(0.07);
    expect((await h.repos.forTenant(h.client.tenantId).lockouts.get(userId))?.failures).toBe(1);
  });

  it('verify: a capture without colour is denied capture_tampered, recorded, counted and alerted like a spoof', async () => {
    const userId = await h.enrolled('alice', 1);
    const result = await h.app.verify(h.client, {
      username: 'alice',
      image: photo({ person: 1, live: false, tampered: true, livenessScore: 0 }),
    });
    expect(result).toMatchObject({ decision: 'denied', reason: 'capture_tampered', userId });
    expect(result.token).toBeUndefined();
    await h.idle();
    const { attempts } = await h.app.listAttempts(h.operator, {});
    expect(attempts[0]).toMatchObject({ reason: 'capture_tampered', livenessScore: 0, userId });
    expect(h.alerts).toEqual([
      expect.objectContaining({ kind: 'spoof_suspected', severity: 'high', userId, attemptIds: [attempts[0]?.id] }),
    ]);
    expect(h.alerts[0]?.summary).toMatch(/no colour/);
    expect((await h.repos.forTenant(h.client.tenantId).lockouts.get(userId))?.failures).toBe(1);
  });

  it('identify: a capture without colour is denied capture_tampered and alerted', async () => {
    await h.enrolled('alice', 1);
    const result = await h.app.identify(h.client, { image: photo({ person: 1, live: false, tampered: true }) });
    expect(result).toEqual({ decision: 'denied', reason: 'capture_tampered' });
    await h.idle();
    expect(h.alerts).toEqual([expect.objectContaining({ kind: 'spoof_suspected' })]);
  });

  it('observe mode does not refuse a capture without colour', async () => {
    await h.close();
    h = await securityHarness({ security: { padMode: 'observe' } });
    await h.enrolled('alice', 1);
    const verdict = await h.app.verify(h.client, {
      username: 'alice',
      image: photo({ person: 1, live: false, tampered: true }),
    });
    expect(verdict.decision).toBe('granted');
  });

  it('verify: a live face of the right person is granted and its liveness score kept', async () => {
    await h.enrolled('alice', 1);
    const result = await h.app.verify(h.client, { username: 'alice', image: photo({ person: 1, live: true }) });
    expect(result.decision).toBe('granted');
    const { attempts } = await h.app.listAttempts(h.operator, {});
    expect(attempts[0]).toMatchObject({ outcome: 'granted', livenessScore: 0.9 });
    await h.idle();
    expect(h.alerts).toEqual([]);
  });

  it('verify: a spoof against an unknown username is still a spoof, alerted without a user', async () => {
    const result = await h.app.verify(h.client, { username: 'ghost', image: photo({ person: 3, live: false }) });
    expect(result).toMatchObject({ decision: 'denied', reason: 'spoof_suspected' });
    await h.idle();
    expect(h.alerts[0]).toMatchObject({ kind: 'spoof_suspected' });
    expect(h.alerts[0]?.userId).toBeUndefined();
  });

  it('identify: denies spoof_suspected and raises an alert', async () => {
    await h.enrolled('alice', 1);
    const result = await h.app.identify(h.client, { image: photo({ person: 1, live: false }) });
    expect(result).toEqual({ decision: 'denied', reason: 'spoof_suspected' });
    await h.idle();
    expect(h.alerts).toEqual([expect.objectContaining({ kind: 'spoof_suspected' })]);
    const { attempts } = await h.app.listAttempts(h.operator, { kind: 'identify' });
    expect(attempts[0]).toMatchObject({ reason: 'spoof_suspected', livenessScore: 0.1 });
  });

  it('observe mode only records the liveness score: no denial, no alert', async () => {
    await h.close();
    h = await securityHarness({ security: { padMode: 'observe' } });
    await h.enrolled('alice', 1);
    const verdict = await h.app.verify(h.client, { username: 'alice', image: photo({ person: 1, live: false }) });
    expect(verdict.decision).toBe('granted');
    const { attempts } = await h.app.listAttempts(h.operator, {});
    expect(attempts[0]).toMatchObject({ outcome: 'granted', livenessScore: 0.1 });
    await h.idle();
    expect(h.alerts).toEqual([]);
  });

  it('an engine without PAD (no liveness result) changes nothing', async () => {
    await h.enrolled('alice', 1);
    expect((await h.app.verify(h.client, { username: 'alice', image: photo({ person: 1 }) })).decision).toBe('granted');
    const { attempts } = await h.app.listAttempts(h.operator, {});
    expect(attempts[0]?.livenessScore).toBeNull();
  });

  async function upload(username: string, seen: Parameters<typeof photo>[0]) {
    const started = await h.app.startEnrollment(h.client, { username });
    const enrollment = await h.repos.forTenant(h.client.tenantId).enrollments.get(started.enrollmentId);
    if (!enrollment) throw new Error('the enrollment was not stored');
    const key = blobKeys.enrollCapture(h.client.tenantId, started.userId, enrollment.captureId);
    const bytes = photo(seen);
    const { generation } = await h.deps.blobs.put(key, bytes, { contentType: 'image/jpeg' });
    await h.app.onObjectFinalized({ name: key, generation, contentType: 'image/jpeg', size: bytes.length });
    await h.idle();
    return { started, view: await h.app.getEnrollment(h.client, started.enrollmentId) };
  }

  it('enrollment: a spoofed photo is rejected as spoof_suspected, stores nothing and raises an alert', async () => {
    const { started, view } = await upload('mallory', { person: 2, live: false, livenessScore: 0.2 });
    expect(view).toMatchObject({ status: 'rejected', reason: 'spoof_suspected' });
    expect(await h.repos.forTenant(h.client.tenantId).templates.countByUser(started.userId)).toBe(0);
    expect(h.alerts).toEqual([
      expect.objectContaining({
        kind: 'spoof_suspected',
        userId: started.userId,
        enrollmentId: started.enrollmentId,
        livenessScore: 0.2,
      }),
    ]);
  });

  it('enrollment: a face already enrolled for another user raises a duplicate_identity alert', async () => {
    const alice = await h.enrolled('alice', 1);
    const { started, view } = await upload('alice2', { person: 1, live: true });
    expect(view).toMatchObject({ status: 'rejected', reason: 'duplicate_face' });
    expect(h.alerts).toEqual([
      expect.objectContaining({ kind: 'duplicate_identity', userId: started.userId, relatedUserId: alice }),
    ]);
    const fine = await upload('bob', { person: 4, live: true });
    expect(fine.view.status).toBe('active');
  });
});
