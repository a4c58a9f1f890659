/**
 * Fault: the embed function is killed mid-processing and the same storage event is redelivered, twice at once.
 * Instance 1 (a child process on the same MariaDB and bucket) receives the upload, claims the enrollment and is
 * SIGKILLed while analysing the face. Instance 2 is the `embed` function under the Functions Framework, fed the
 * finalize CloudEvent the way the push subscription delivers it: while the dead run's claim is fresh, deliveries
 * fail (503 → Pub/Sub redelivers later); once it is stale, exactly one of the concurrent deliveries takes it over.
 * Outcome: the enrollment ends `active` with exactly one template, one capture and one `face.enrolled.v1`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as ComposeModule from '../../shared/compose.js';
import type { Composition } from '../../shared/compose.js';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { FakeClock } from '../../shared/ports/clock.js';
import { CLAIM_LEASE_MS } from '../../shared/app/use-cases/process-enrollment-upload.js';
import { waitForOutput } from '../../scripts/lib/local-stack-process.js';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';
import { faceFixtures, type FaceFixtures } from '../support/face-fixtures.js';
import { withMysqlDatabase } from '../support/mysql-database.js';
import { openRealStack, type RealStack } from '../support/real-stack.js';

const slot = vi.hoisted((): { composition?: Composition } => ({}));
vi.mock('../../shared/compose.js', async (importOriginal) => ({
  ...(await importOriginal<typeof ComposeModule>()),
  compose: () => Promise.resolve(slot.composition!),
}));
await import('../../functions/embed/index.js');

let real: RealStack;
let fx: FaceFixtures;
let clock: FakeClock;
let embedUrl: string;
let server: Server;
let release: () => void = () => {};
let finished: Promise<void> = Promise.resolve();
let dbUrl = '';
const enrolledEvents: string[] = [];

beforeAll(async () => {
  const engine = await createFaceEngine();
  fx = await faceFixtures(engine);
  clock = new FakeClock(Date.now());
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  finished = withMysqlDatabase(async (url) => {
    dbUrl = url;
    real = await openRealStack(url, engine, { clock });
    ready();
    await new Promise<void>((r) => (release = r));
    await real.close();
  });
  await started;
  slot.composition = real.stack;
  await real.stack.bus.subscribe('face.enrolled.v1', (event) => void enrolledEvents.push(event.enrollmentId));
  server = getTestServer('embed');
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  embedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 240_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  release();
  await finished;
});

/** Starts instance 1 on the same database and data dir; resolves once it is composed. */
async function startDoomedInstance(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'tests/faults/support/embed-instance-to-kill.ts')],
    {
      env: {
        ...process.env,
        FACEGATE_DB_URL: dbUrl,
        FACEGATE_DATA_DIR: real.dataDir,
        FACEGATE_LOG_LEVEL: 'error',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  await waitForOutput(child, /READY/, 180_000);
  return child;
}

/** One push delivery of the bucket's finalize event to instance 2; the status is what Pub/Sub acts on. */
async function deliver(object: { blobPath: string; generation: string; sizeBytes: number }, id: string) {
  const res = await fetch(embedUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': id,
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.storage.object.v1.finalized',
      'ce-source': '//storage.googleapis.com/projects/_/buckets/local',
      'ce-subject': `objects/${object.blobPath}`,
    },
    body: JSON.stringify({
      bucket: 'local',
      name: object.blobPath,
      generation: object.generation,
      contentType: 'image/jpeg',
      size: String(object.sizeBytes),
    }),
  });
  await res.text();
  return res.status;
}

describe('embed killed mid-processing, the event redelivered twice at once', () => {
  it('ends active with exactly one template, capture and face.enrolled event', async () => {
    const started = await real.call('POST', '/v1/enrollments', {
      key: real.a.clientKey,
      json: { username: 'killed-mid-embed' },
    });
    expect(started.status).toBe(201);
    const { enrollmentId, userId, upload } = started.body as {
      enrollmentId: string;
      userId: string;
      upload: { url: string };
    };
    const repos = real.stack.repos.forTenant(real.a.tenantId);

    const doomed = await startDoomedInstance();
    const exited = new Promise((r) => doomed.once('exit', r));
    const url = new URL(upload.url);
    doomed.stdin!.write(
      JSON.stringify({
        pathAndQuery: url.pathname + url.search,
        contentType: 'image/jpeg',
        photo: fx.personA.toString('base64'),
      }) + '\n',
    );
    await waitForOutput(doomed, /ANALYZING/, 60_000);
    doomed.kill('SIGKILL');
    await exited;

    const enrollment = await repos.enrollments.get(enrollmentId);
    expect(enrollment?.status).toBe('processing');
    // The dead run had stored the capture row (the object's name and generation) before analysing.
    const [capture] = await repos.captures.listByUser(userId);
    expect(capture).toBeDefined();
    const object = { blobPath: capture!.blobPath, generation: capture!.generation, sizeBytes: fx.personA.length };

    // The dead run's claim is fresh: both deliveries are refused for now (not acknowledged), nothing changes.
    const early = await Promise.all([deliver(object, 'redelivery-1'), deliver(object, 'redelivery-1')]);
    expect(early.every((status) => status >= 500)).toBe(true);
    expect((await repos.enrollments.get(enrollmentId))?.status).toBe('processing');

    // Pub/Sub's next redelivery comes after the ack deadline and a backoff: the claim is stale by then.
    clock.advance(enrollment!.updatedAt + CLAIM_LEASE_MS + 1000 - clock.nowMs());
    const late = await Promise.all([deliver(object, 'redelivery-2'), deliver(object, 'redelivery-2')]);
    await real.stack.idle();
    expect(late.filter((status) => status === 204 || status === 200).length).toBeGreaterThanOrEqual(1);
    // Whatever the loser was told, one more delivery is acknowledged and changes nothing.
    expect([200, 204]).toContain(await deliver(object, 'redelivery-3'));
    await real.stack.idle();

    expect(await repos.enrollments.get(enrollmentId)).toMatchObject({ status: 'active' });
    expect(await repos.templates.countByUser(userId)).toBe(1);
    expect(await repos.captures.listByUser(userId)).toHaveLength(1);
    expect(enrolledEvents.filter((id) => id === enrollmentId)).toEqual([enrollmentId]);
    console.log(
      JSON.stringify({
        embedRedelivery: { deliveries: 5, refusedWhileFresh: early.length, late, templates: 1, duplicates: 0 },
      }),
    );
  }, 300_000);
});
