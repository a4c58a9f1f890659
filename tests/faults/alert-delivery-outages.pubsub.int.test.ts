/**
 * Faults on the alert path, in the cloud shape: alerts published to Pub/Sub (the pstest fake), consumed from the
 * stack's `alerts` subscription by the alerts function's use case, POSTed to the tenant's webhook (a local
 * listener). The application side is the real composition with the Pub/Sub bus (outbox included) on SQLite.
 *
 * - pstest stopped and restarted mid-stream: alerts raised while it is away are parked in the outbox, not lost,
 *   and reach the webhook once it is back (each alert id recorded once; a webhook POST may repeat, the documented
 *   at-least-once with `FaceGate-Alert-Id` as the idempotency key).
 * - The webhook receiver down for the whole of its phase: alerts stay `undelivered` with their attempts and error,
 *   and are delivered exactly once each by the next retry run after it is back.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComposition, type Composition } from '../../shared/compose.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';
import { raiseAlert } from '../../shared/app/use-cases/raise-alert.js';
import type { EventSubscription } from '../../shared/ports/event-bus.js';
import { FakeClock } from '../../shared/ports/clock.js';
import { silentLogger } from '../../shared/app/logger.js';
import { freePort } from '../../scripts/lib/local-stack-process.js';
import { startPstest, type RunningPstest } from '../pstest/launch-pstest.js';

const PROJECT = 'facegate-faults';
const prefix = `f${randomBytes(4).toString('hex')}-`;
const topicId = `${prefix}security.alert.v1`;
const subscriptionId = `${prefix}alerts`;

let pstest: RunningPstest;
let pstestPort: number;
let stack: Composition;
let tenant: DevCredentials;
let clock: FakeClock;
let dataDir: string;
let subscription: EventSubscription | undefined;
const hook = webhookListener();

beforeAll(async () => {
  pstestPort = await freePort();
  pstest = await startPstest(240_000, pstestPort);
  process.env['PUBSUB_EMULATOR_HOST'] = pstest.host;
  await createTopology();
  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-faults-'));
  clock = new FakeClock(Date.now());
  stack = await buildComposition(
    {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_EVENT_BACKEND: 'pubsub',
      FACEGATE_PUBSUB_PROJECT_ID: PROJECT,
      FACEGATE_PUBSUB_TOPIC_PREFIX: prefix,
      FACEGATE_TEMPLATE_KEY: randomBytes(32).toString('base64'),
      FACEGATE_WEBHOOK_ALLOW_PRIVATE: 'true',
      FACEGATE_WEBHOOK_ATTEMPTS: '2',
      FACEGATE_FACE_WORKERS: '0',
      FACEGATE_LOG_LEVEL: 'error',
    },
    { clock, log: silentLogger },
  );
  tenant = await createTenantWithKeys(stack.repos, 'Faults');
  await hook.up();
  await stack.repos.tenants.setWebhook(tenant.tenantId, { url: hook.url, secret: 'whsec-faults-test-secret' });
  await consume();
}, 300_000);

afterAll(async () => {
  await subscription?.close();
  await stack?.close();
  await hook.down();
  await pstest?.stop();
  delete process.env['PUBSUB_EMULATOR_HOST'];
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** What infra creates (event-topics.ts): the topic and the alerts subscription. pstest forgets them on restart. */
async function createTopology(): Promise<void> {
  const admin = new PubSub({ projectId: PROJECT });
  const [topic] = await admin.createTopic(topicId);
  await topic.createSubscription(subscriptionId, { ackDeadlineSeconds: 60 });
  await admin.close();
}

/** The alerts function: each delivered alert recorded and POSTed (what its push subscription triggers). */
async function consume(): Promise<void> {
  subscription = await stack.bus.subscribe('security.alert.v1', (event) => stack.app.onSecurityAlert(event), {
    subscription: subscriptionId,
  });
}

function alert(n: number) {
  return raiseAlert(stack.deps, {
    tenantId: tenant.tenantId,
    kind: 'repeated_failures',
    severity: 'medium',
    attemptIds: [`att_${n}`],
    summary: `fault test alert ${n}`,
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function statuses(ids: readonly string[]) {
  const alerts = stack.repos.forTenant(tenant.tenantId).alerts;
  return Promise.all(ids.map(async (id) => (await alerts.get(id))?.status ?? 'missing'));
}

describe('alerts through Pub/Sub faults', () => {
  it('loses no alert when pstest is stopped and restarted mid-stream', async () => {
    const before = [await alert(1), await alert(2)];
    await until(() => before.every((id) => hook.received.has(id!)), 'the alerts raised before the outage');

    await pstest.stop();
    const during: (string | undefined)[] = [];
    const publishMs: number[] = [];
    for (let n = 3; n <= 5; n++) {
      const started = Date.now();
      during.push(await alert(n));
      publishMs.push(Date.now() - started);
    }
    // Each caller got its alert id back (parked, not dropped), within the publish timeout.
    expect(during.every((id) => typeof id === 'string')).toBe(true);
    expect(Math.max(...publishMs)).toBeLessThan(5000);
    expect(await stack.repos.outbox.count()).toBe(3);

    pstest = await startPstest(240_000, pstestPort);
    await createTopology();
    // Streaming pull does not outlive the fake's subscription; a push subscription (the deployed shape) needs no stream.
    await subscription?.close();
    await consume();
    // The first publish that gets through starts the relay of what was parked.
    const after = [await alert(6)];
    const all = [...before, ...during, ...after] as string[];
    await until(() => all.every((id) => hook.received.has(id)), 'every alert at the webhook', 90_000);
    await until(async () => (await statuses(all)).every((s) => s === 'delivered'), 'every alert recorded delivered');
    expect(await stack.repos.outbox.count()).toBe(0);

    const posts = [...hook.received.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      JSON.stringify({
        pstestRestart: {
          alerts: all.length,
          parkedDuringOutage: during.length,
          publishMsDuringOutage: publishMs,
          delivered: all.filter((id) => hook.received.has(id)).length,
          lost: all.filter((id) => !hook.received.has(id)).length,
          webhookPosts: posts,
          repeatedPosts: posts - all.length,
        },
      }),
    );
  }, 240_000);

  it('keeps alerts undelivered while the webhook is down and delivers each once when it is back', async () => {
    hook.received.clear();
    await hook.down();
    const ids = [await alert(11), await alert(12), await alert(13)] as string[];
    await until(async () => (await statuses(ids)).every((s) => s === 'undelivered'), 'the alerts kept undelivered');
    const kept = await Promise.all(ids.map((id) => stack.repos.forTenant(tenant.tenantId).alerts.get(id)));
    for (const a of kept) {
      expect(a).toMatchObject({ deliveryAttempts: 2, lastError: 'no response' });
      expect(a?.nextAttemptAt).toBeGreaterThan(clock.nowMs());
    }
    expect(hook.received.size).toBe(0);

    await hook.up();
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await stack.app.redeliverAlerts()).toBe(0);
    clock.advance(Math.max(...kept.map((a) => a!.nextAttemptAt! - clock.nowMs())) + 1);
    const deliveredAfter = await stack.app.redeliverAlerts();
    expect(deliveredAfter).toBe(3);
    expect(await statuses(ids)).toEqual(['delivered', 'delivered', 'delivered']);
    const posts = ids.map((id) => hook.received.get(id) ?? 0);
    expect(posts).toEqual([1, 1, 1]);
    console.log(
      JSON.stringify({
        webhookDown: {
          alerts: ids.length,
          keptUndelivered: kept.filter((a) => a?.status === 'undelivered').length,
          attemptsWhileDown: kept.map((a) => a?.deliveryAttempts),
          deliveredAfter,
          lost: posts.filter((n) => n === 0).length,
          repeatedPosts: posts.reduce((sum, n) => sum + n, 0) - ids.length,
        },
      }),
    );
  }, 180_000);
});

/** A webhook receiver on a fixed port that can go away and come back; counts POSTs per alert id. */
function webhookListener() {
  const received = new Map<string, number>();
  let server: Server | undefined;
  let port = 0;
  return {
    received,
    get url() {
      return `http://127.0.0.1:${port}/hook`;
    },
    async up() {
      port ||= await freePort();
      server = createServer((req, res) => {
        const id = String(req.headers['facegate-alert-id'] ?? '');
        req.resume();
        req.on('end', () => {
          received.set(id, (received.get(id) ?? 0) + 1);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    },
    async down() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise((r) => server!.close(r));
      server = undefined;
    },
  };
}
