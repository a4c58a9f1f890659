/**
 * Retention with a fake clock on a real database: registered for SQLite and MariaDB by the *.int.test.ts files
 * beside it. Nothing is due one day before the limit; everything due is gone one day after, and nothing else.
 * Request counters go once their window started more than a day (the longest counter window) ago.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { silentLogger } from '../app/logger.js';
import { composeMaintenance } from '../compose.js';
import { blobKeys } from '../ports/blob-store.js';
import { FakeClock } from '../ports/clock.js';
import { runRetentionJob } from './retention-job.js';

const DAY = 86_400_000;

export function retentionScenarios(withDatabase: (run: (url: string) => Promise<void>) => Promise<void>): void {
  it('deletes login captures, attempt client details and abandoned enrollments each after its own number of days', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-retention-'));
    try {
      await withDatabase(async (url) => {
        const env = {
          FACEGATE_DATA_DIR: dataDir,
          FACEGATE_DB_URL: url,
          FACEGATE_LOGIN_CAPTURE_RETENTION_DAYS: '30',
          FACEGATE_ATTEMPT_CLIENT_RETENTION_DAYS: '90',
          FACEGATE_ABANDONED_ENROLLMENT_DAYS: '60',
        };
        const clock = new FakeClock('2026-01-01T00:00:00Z');
        const run = () => runRetentionJob(env, { clock, log: silentLogger });
        const stack = await composeMaintenance(env, { clock, log: silentLogger });
        const tenant = await stack.repos.tenants.create({ name: 'retention' });
        const repos = stack.repos.forTenant(tenant.id);
        const user = await repos.users.create({ username: 'rita' });
        const stored = async (kind: 'login' | 'enroll', id: string) => {
          const key =
            kind === 'login' ? blobKeys.loginCapture(tenant.id, id) : blobKeys.enrollCapture(tenant.id, user.id, id);
          const written = await stack.blobs.put(key, Uint8Array.of(0xff, 0xd8, 0xff), { contentType: 'image/jpeg' });
          await repos.captures.create({
            id,
            userId: kind === 'login' ? null : user.id,
            kind,
            blobPath: key,
            generation: written.generation,
            contentType: 'image/jpeg',
            sizeBytes: 3,
          });
          return key;
        };
        const attempt = () =>
          repos.attempts.add({
            kind: 'verify',
            outcome: 'denied',
            score: 0.1,
            threshold: 0.4,
            reason: 'no_match',
            latencyMs: 80,
            stageLatencies: null,
            modelVersion: 'm1',
            quality: null,
            livenessScore: null,
            clientIp: '198.51.100.7',
            userAgent: 'Kiosk/1.0',
            userId: user.id,
            claimedUsername: 'rita',
          });
        const oldLogin = await stored('login', 'cap_old_login');
        const enrollPhoto = await stored('enroll', 'cap_enroll');
        // Rita is enrolled (a template); Dora started enrolling and never uploaded.
        await repos.templates.add({
          userId: user.id,
          captureId: 'cap_enroll',
          modelVersion: 'm1',
          embedding: Float32Array.of(0.1, 0.2, 0.3, 0.4),
          qualityScore: 1,
        });
        const dora = await repos.users.create({ username: 'dora', email: 'dora@example.com' });
        await repos.enrollments.create({ userId: dora.id, captureId: 'cap_never_uploaded' });
        const oldAttempt = await attempt();
        clock.advance(20 * DAY);
        const newerLogin = await stored('login', 'cap_newer_login');
        const newerAttempt = await attempt();

        clock.set(Date.parse('2026-01-01T00:00:00Z') + 29 * DAY);
        expect(await run()).toMatchObject({ loginCapturesDeleted: 0, attemptsForgotten: 0, abandonedUsersErased: 0 });

        clock.set(Date.parse('2026-01-01T00:00:00Z') + 31 * DAY);
        const first = await run();
        expect(first).toMatchObject({
          tenants: 1,
          loginCapturesDeleted: 1,
          attemptsForgotten: 0,
          abandonedUsersErased: 0,
        });
        expect(await stack.blobs.exists(oldLogin)).toBe(false);
        expect(await repos.captures.get('cap_old_login')).toBeNull();
        expect(await stack.blobs.exists(newerLogin)).toBe(true);
        expect(await stack.blobs.exists(enrollPhoto)).toBe(true); // enrollment photos are not login captures
        expect(await repos.captures.get('cap_enroll')).not.toBeNull();

        clock.set(Date.parse('2026-01-01T00:00:00Z') + 91 * DAY);
        expect(await run()).toMatchObject({ loginCapturesDeleted: 1, attemptsForgotten: 1, abandonedUsersErased: 1 });
        expect(await repos.users.byId(dora.id)).toBeNull();
        expect(await repos.users.byId(user.id)).not.toBeNull(); // enrolled people stay
        expect((await repos.auditEvents.list()).items.map((e) => [e.action, e.actor, e.subjectId])).toContainEqual([
          'user.deleted',
          'retention',
          dora.id,
        ]);
        expect(await stack.blobs.exists(newerLogin)).toBe(false);
        expect(await repos.attempts.get(oldAttempt.id)).toMatchObject({
          clientIp: null,
          userAgent: null,
          claimedUsername: null,
          userId: user.id,
          outcome: 'denied',
        });
        expect(await repos.attempts.get(newerAttempt.id)).toMatchObject({ clientIp: '198.51.100.7' });
        // Idempotent: nothing more is due.
        expect(await run()).toMatchObject({ loginCapturesDeleted: 0, attemptsForgotten: 0, abandonedUsersErased: 0 });
        await stack.close();
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('deletes request counters whose window started more than a day ago and keeps the rest', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-retention-'));
    try {
      await withDatabase(async (url) => {
        const env = { FACEGATE_DATA_DIR: dataDir, FACEGATE_DB_URL: url };
        const start = Date.parse('2026-01-01T00:00:00Z');
        const clock = new FakeClock(start);
        const run = () => runRetentionJob(env, { clock, log: silentLogger });
        const stack = await composeMaintenance(env, { clock, log: silentLogger });
        const [a, b] = [
          await stack.repos.tenants.create({ name: 'a' }),
          await stack.repos.tenants.create({ name: 'b' }),
        ];
        const counters = stack.repos.forTenant(a.id).rateCounters;
        const lastMinute = start + DAY - 60_000;
        // Two hits in the first minute of the day, in each tenant; one in the day's last minute.
        for (const tenant of [a, b]) {
          for (let i = 0; i < 2; i++) await stack.repos.forTenant(tenant.id).rateCounters.hit('ip:192.0.2.1', start);
        }
        await counters.hit('key:k1', lastMinute);

        clock.set(start + DAY);
        expect(await run()).toMatchObject({ rateCountersDeleted: 0 });
        expect(await counters.hit('ip:192.0.2.1', start)).toBe(3);

        clock.set(start + DAY + 1);
        expect(await run()).toMatchObject({ tenants: 2, rateCountersDeleted: 2 });
        // Gone: the same window counts from 1 again. The counter of the day's last minute is still there.
        expect(await counters.hit('ip:192.0.2.1', start)).toBe(1);
        expect(await counters.hit('key:k1', lastMinute)).toBe(2);
        expect(await stack.repos.forTenant(b.id).rateCounters.hit('ip:192.0.2.1', start)).toBe(1);

        clock.set(lastMinute + DAY + 1);
        expect(await run()).toMatchObject({ rateCountersDeleted: 3 });
        expect(await run()).toMatchObject({ rateCountersDeleted: 0 });
        await stack.close();
      });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
