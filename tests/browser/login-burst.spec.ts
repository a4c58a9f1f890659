/**
 * The login page's liveness burst in a real browser with a fake camera: when the challenge asks for one, it sends burst frames
 * with verify, and under a light challenge it flashes the challenge's colours (one frame each, in order). The
 * server's answers are stubbed (page.route): this checks the client's half only; the server's half is tested in
 * shared/face/burst/ and shared/app/use-cases/burst-liveness.int.test.ts. Last, the kiosk against the real server
 * of a tenant that requires a burst: it identifies the enrolled person hands-free, burst and all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { FRAME, isFrame, webcamFrame } from '../e2e/webcam-frames.js';
import { writeY4m } from '../e2e/y4m-video.js';
import { datasetDir } from '../support/datasets.js';
import { enrollOverHttp } from './enroll-over-http.js';
import { expect, test } from './fixtures.js';

// The kiosk test turns requireBurst on for the stack's tenant: a stack of its own, so no other spec meets it.
test.use({ stackName: 'burst' });

const FORMAT = { ...FRAME, fps: 10 };
let dir: string;
let video: string;
/** The photo the video shows, enrolled by the kiosk test. */
let photo: Buffer;

/** A webcam video of one good face (the page's own detector must see one before it captures), with sensor noise. */
// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  dir = await mkdtemp(path.join(tmpdir(), 'burst-spec-'));
  video = path.join(dir, 'face.y4m');
  const engine = await createFaceEngine();
  const person = path.join(datasetDir('wild'), 'Angelina_Jolie');
  for (const file of (await readdir(person)).sort()) {
    const frame = await webcamFrame(engine, path.join(person, file));
    if (!isFrame(frame)) continue;
    await writeY4m(video, FORMAT, [{ rgb: frame.rgb, frames: 20, sensorNoise: 2 }]);
    photo = await readFile(path.join(person, file));
    return;
  }
  throw new Error('no usable photo of Angelina_Jolie in wild');
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Stubs the challenge (a burst wanted, with `light` or not) and records each verify body; answers denied `no_face`. */
async function stubApi(page: Page, light?: string[]) {
  const bodies: string[] = [];
  await page.route('**/v1/challenges', (route) =>
    route.fulfill({
      json: {
        challengeId: 'chl_1',
        nonce: 'n',
        tenantId: 'ten_1',
        expiresAt: '2099-01-01T00:00:00Z',
        burst: true,
        light,
      },
    }),
  );
  await page.route('**/v1/verify', async (route) => {
    bodies.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
    await route.fulfill({ json: { decision: 'denied', reason: 'no_face' } });
  });
  return bodies;
}

/** The log-in page with the username given: it captures by itself once the face holds good. */
async function logIn(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login/?username=alice`);
}

const parts = (body: string, name: string) => body.split(`name="${name}"`).length - 1;

test('a login sends a burst of frames after the capture when the challenge asks for one', async ({
  cameraPage,
  stack,
}) => {
  const page = await cameraPage(video);
  const bodies = await stubApi(page);
  await logIn(page, stack.baseUrl);
  await expect.poll(() => bodies.length, { timeout: 20_000 }).toBe(1);
  expect(parts(bodies[0]!, 'image')).toBe(1);
  expect(parts(bodies[0]!, 'burst')).toBe(3);
});

test('under a light challenge the page flashes each colour and takes one burst frame per colour', async ({
  cameraPage,
  stack,
}) => {
  const page = await cameraPage(video);
  const light = ['red', 'blue', 'green', 'red'];
  const bodies = await stubApi(page, light);
  // Record every colour the flash layer shows (a page script: this file is compiled without the DOM's types).
  await page.addInitScript(`
    window.flashes = [];
    new MutationObserver(() => {
      const layer = document.querySelector('.light-challenge-flash');
      if (layer && layer.style.display === 'block' && window.flashes.at(-1) !== layer.style.background)
        window.flashes.push(layer.style.background);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] });
  `);
  await logIn(page, stack.baseUrl);
  await expect.poll(() => bodies.length, { timeout: 20_000 }).toBe(1);
  expect(parts(bodies[0]!, 'burst')).toBe(4);
  expect(parts(bodies[0]!, 'challengeId')).toBe(1);
  const flashes = await page.evaluate('window.flashes');
  expect(flashes).toEqual(['rgb(255, 0, 0)', 'rgb(0, 0, 255)', 'rgb(0, 255, 0)', 'rgb(255, 0, 0)']);
  await expect(page.locator('.light-challenge-flash')).toBeHidden();
});

test('the kiosk of a tenant that requires a burst identifies the enrolled person hands-free', async ({
  cameraPage,
  stack,
}) => {
  const { operatorKey } = stack.credentials;
  await enrollOverHttp(stack.baseUrl, operatorKey, 'angelina', photo);
  const patched = await fetch(`${stack.baseUrl}/v1/settings`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requireBurst: true }),
  });
  expect(patched.status).toBe(200);

  const page = await cameraPage(video);
  // Through a route (not a request listener), which sees multipart bodies with their files.
  const bodies: string[] = [];
  await page.route('**/v1/identify', async (route) => {
    bodies.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
    await route.continue();
  });
  await page.goto(`${stack.baseUrl}/kiosk/`);
  await expect(page.locator('.result-slot .result h2')).toHaveText('Welcome, angelina', { timeout: 60_000 });
  // Every identification carried its challenge and the burst the challenge asked for.
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(parts(body, 'challengeId')).toBe(1);
    expect(parts(body, 'burst')).toBe(3);
  }
  // The same person's photo alone, as a print held up would be, is refused: the server requires the burst.
  const single = await fetch(`${stack.baseUrl}/v1/identify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ image: photo.toString('base64') }),
  });
  expect(await single.json()).toEqual({ decision: 'denied', reason: 'burst_required' });
});
