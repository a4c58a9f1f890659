/**
 * The attack the issue reported granted: print-attack photos of an enrolled person with Gaussian noise (sigma 16)
 * added, replayed through the real HTTP API of `npm start` (SQLite, the real engine, the active PAD model in its
 * default enforce mode). Every one must be denied `spoof_suspected`; a live photo of the same person is granted,
 * so the denials are the liveness check's doing and not a failed match.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perturb } from '../../shared/face/pad/perturbations.js';
import { datasetDir } from '../support/datasets.js';
import { startDevServer, type DevServer } from '../support/dev-server-process.js';

const SUBJECT = 'nuaa_0001';
const FRAMES = 4;

let server: DevServer | undefined;
let spoof: string;

beforeAll(async () => {
  spoof = datasetDir('spoof');
  server = await startDevServer({ FACEGATE_PAD_MODE: 'enforce' });
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

const files = (kind: 'live' | 'attack') => {
  const dir = path.join(spoof, kind, SUBJECT);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(dir, f));
};

/** The JPEG an attacker sends: the print frame decoded, noised (sigma 16, seeded by its name), re-encoded at q 95. */
async function noised(file: string): Promise<Buffer> {
  const { data, info } = await sharp(readFileSync(file))
    .rotate()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = await perturb({ data, width: info.width, height: info.height }, { kind: 'noise', sigma: 16 }, file);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function api(method: string, route: string, key: string, json?: unknown) {
  const res = await fetch(`${server!.base}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(json ? { body: JSON.stringify(json) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('noised print attacks replayed against npm start', () => {
  it('enrolls the real person, grants a live photo, and denies every noised print frame spoof_suspected', async () => {
    const s = server!;
    const live = files('live');
    const started = await api('POST', '/v1/enrollments', s.clientKey, { username: 'victim' });
    expect(started.status).toBe(201);
    const { enrollmentId, upload } = started.body as { enrollmentId: string; upload: { url: string } };
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: readFileSync(live[0]!),
    });
    expect(put.status).toBeLessThan(300);
    let status = 'pending';
    for (let i = 0; i < 120 && !['active', 'rejected'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = String((await api('GET', `/v1/enrollments/${enrollmentId}`, s.clientKey)).body['status']);
    }
    expect(status).toBe('active');

    const image = (bytes: Buffer) => `data:image/jpeg;base64,${bytes.toString('base64')}`;
    const genuine = await api('POST', '/v1/verify', s.clientKey, {
      username: 'victim',
      image: image(readFileSync(live[Math.floor(live.length / 2)]!)),
    });
    expect(genuine.body).toMatchObject({ decision: 'granted' });

    const attacks = files('attack');
    const picked = Array.from({ length: FRAMES }, (_, k) => attacks[Math.floor((k * attacks.length) / FRAMES)]!);
    for (const file of picked) {
      const verdict = await api('POST', '/v1/verify', s.clientKey, {
        username: 'victim',
        image: image(await noised(file)),
      });
      expect({ file: path.basename(file), ...verdict.body }).toMatchObject({
        file: path.basename(file),
        decision: 'denied',
        reason: 'spoof_suspected',
      });
    }

    const attempts = await api('GET', '/v1/attempts?limit=10', s.operatorKey);
    const denied = (attempts.body['attempts'] as { reason?: string }[]).filter((a) => a.reason === 'spoof_suspected');
    expect(denied).toHaveLength(FRAMES);
  }, 300_000);
});
