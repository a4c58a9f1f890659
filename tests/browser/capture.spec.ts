/**
 * The capture experience in a real browser with a fake camera (issue 19): live guidance before anything is sent,
 * auto-capture on a steady good face, oval colours that follow the server's decision, the hands-free kiosk, and
 * screenshots of every page at 1280 and 390 px (out/screenshots/). Measures, and prints, page open → granted with
 * auto-capture and the in-browser detector's cost per frame.
 * People and photos come from the `wild` dataset (FACEGATE_DATASETS, default ../shared/datasets).
 */
import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { percentile } from '../../shared/arrays/percentile.js';
import { matchPolicy } from '../../shared/compose.js';
import { loadConfig } from '../../shared/config/load-config.js';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';
import type { People } from '../e2e/pick-people.js';
import { pickPeople } from '../e2e/pick-people.js';
import { FRAME } from '../e2e/webcam-frames.js';
import { datasetDir } from '../support/datasets.js';
import { offCentre, stillVideo, tooDark, tooFar, twoFaces } from './capture-videos.js';
import type { DevStack } from '../e2e/dev-stack.js';
import { expect, test } from './fixtures.js';
import { cameraStillStarting, enterKeys, holdCameraBack } from './page-steps.js';

test.describe.configure({ mode: 'serial' });
// Playwright's trace recorder with screencast frames and DOM snapshots competes with the page for the CPU: with
// them, page open → decision was 2.3x and the detector 8x slower (same machine, same minute), so the timed login
// measured the recorder. The trace on failure keeps actions, console and network.
test.use({ trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false } });

const SHOTS = path.join(REPO_ROOT, 'out', 'screenshots');
/** Page loads measured for page open → granted. */
const LOGIN_RUNS = 5;
const GREEN = 'rgb(74, 194, 107)';
const RED = 'rgb(255, 107, 107)';

let people: People;
let videoDir: string;
const videos: Record<'enrollA' | 'loginA' | 'showB' | 'farA' | 'darkA' | 'offCentreA' | 'twoFaces' | 'wall', string> =
  {} as never;
let displayNameA = '';

test.beforeAll(async ({ stack }, testInfo) => {
  testInfo.setTimeout(300_000);
  void stack;
  const engine = await createFaceEngine();
  const threshold = matchPolicy(loadConfig(process.env)).thresholdFor(engine.modelVersion);
  people = await pickPeople(engine, datasetDir('wild'), threshold);
  displayNameA = people.a.name.replace(/_/g, ' ');
  videoDir = await mkdtemp(path.join(tmpdir(), 'facegate-capture-'));
  const [enrollFrame, loginFrame] = people.a.frames;
  const wall = new Uint8Array(FRAME.width * FRAME.height * 3).fill(140);
  Object.assign(videos, {
    enrollA: await stillVideo(videoDir, 'enroll-a', enrollFrame.rgb),
    loginA: await stillVideo(videoDir, 'login-a', loginFrame.rgb),
    showB: await stillVideo(videoDir, 'show-b', people.b.frames[0].rgb),
    farA: await stillVideo(videoDir, 'far-a', await tooFar(loginFrame)),
    darkA: await stillVideo(videoDir, 'dark-a', await tooDark(loginFrame)),
    offCentreA: await stillVideo(videoDir, 'off-centre-a', await offCentre(loginFrame)),
    twoFaces: await stillVideo(videoDir, 'two-faces', await twoFaces(loginFrame, people.b.frames[0])),
    wall: await stillVideo(videoDir, 'wall', wall),
  });
  await mkdir(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  if (videoDir) await rm(videoDir, { recursive: true, force: true });
});

/** A publishable key bound to `origin` for the stack's demo tenant, made the way an operator does (keys:new). */
function publishableKeyFor(stack: DevStack, origin: string): string {
  const made = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'scripts/new-key.ts'),
      'publishable',
      '--tenant',
      stack.credentials.tenantId,
      '--origin',
      origin,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, FACEGATE_DATA_DIR: stack.dataDir }, encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`keys:new publishable failed: ${made.stderr}`);
  return (JSON.parse(made.stdout) as { key: string }).key;
}

/** Every API request the page makes (paths under /v1/), in order. */
function apiRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/v1/')) seen.push(`${request.method()} ${url.pathname}`);
  });
  return seen;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
/** What the page's element needs for getComputedStyle (this project's Node types have no DOM). */
interface InPage {
  ownerDocument: { defaultView: { getComputedStyle(element: unknown): Record<string, string> } };
}
const style = (element: unknown, property: string): string =>
  (element as InPage).ownerDocument.defaultView.getComputedStyle(element)[property] ?? '';
const ovalStroke = (page: Page): Promise<string> => page.locator('.face-guide-oval').evaluate(style, 'stroke');

const GUIDANCE_CASES = [
  { name: 'too far', video: 'farA', code: 'move_closer', words: 'Move closer' },
  { name: 'too dark', video: 'darkA', code: 'too_dark', words: /More light/ },
  { name: 'off-centre', video: 'offCentreA', code: 'centre', words: 'Centre your face in the oval' },
  { name: 'two faces', video: 'twoFaces', code: 'multiple_faces', words: 'Only one face, please' },
] as const;

for (const c of GUIDANCE_CASES) {
  test(`guidance for a ${c.name} picture appears before any request, and nothing is captured`, async ({
    cameraPage,
  }) => {
    const page = await cameraPage(videos[c.video]);
    const requests = apiRequests(page);
    // A pre-filled username arms auto-capture: only the guidance holds it back.
    await page.goto(`/login/?username=${people.a.username}`);
    const stage = page.locator('.camera-stage');
    await expect(stage).toHaveAttribute('data-guidance', c.code, { timeout: 30_000 });
    await expect(page.locator('.photo-source figcaption')).toHaveText(c.words);
    // Longer than the auto-capture hold: a capture would have fired by now if the guidance let it.
    await page.waitForTimeout(2000);
    await expect(stage).toHaveAttribute('data-guidance', c.code);
    await expect(page.locator('.face-guide')).toHaveAttribute('data-progress', '0');
    expect(requests, 'API requests while the picture needs fixing').toEqual([]);
    await shot(page, `guidance-${c.code}-1280`);
  });
}

test('enroll: the camera takes the photo itself, the oval turns green with the enrollment, and the form is done', async ({
  cameraPage,
}) => {
  const page = await cameraPage(videos.enrollA);
  await page.goto(`/enroll/`);
  await expect(page.locator('.photo-source')).toHaveAttribute('data-mode', 'camera', { timeout: 30_000 });
  await page.getByLabel('Username').fill(people.a.username);
  await page.getByText('More details (optional)').click();
  await page.getByLabel('Display name').fill(displayNameA);
  await shot(page, 'enroll-form-1280');
  // Enroll before any photo: the enrollment goes on as soon as the camera has a good one.
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('consent');
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(page.locator('.result-slot .result h2')).toHaveText('You are enrolled', { timeout: 90_000 });
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'success');
  expect(await ovalStroke(page)).toBe(GREEN);
  await expect(page.locator('.progress'), 'the upload bar is gone once the upload is done').toBeHidden();
  // Done: no second Enroll to press (it used to answer "already enrolled" with a red "No spaces." hint).
  await expect(page.getByRole('button', { name: 'Enroll', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Enroll someone else' })).toBeVisible();
  await expect(page.locator('.field-error:visible')).toHaveCount(0);
  await shot(page, 'enroll-enrolled-1280');

  // A taken username: the error is red, the "No spaces." hint under the field is not.
  await page.getByRole('button', { name: 'Enroll someone else' }).click();
  await page.getByLabel('Username').fill(people.a.username);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  const error = page.locator('.field-error:visible');
  await expect(error).toContainText('log in with this one', { timeout: 60_000 });
  const colour = (text: string): Promise<string> => page.getByText(text, { exact: true }).evaluate(style, 'color');
  const errorColour = await error.evaluate(style, 'color');
  expect(await colour('No spaces.')).not.toBe(errorColour);
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'failure');
  expect(await ovalStroke(page)).toBe(RED);
  await shot(page, 'enroll-username-taken-1280');
});

test('log in: auto-capture on a steady face, granted, green; page open → granted and detector cost measured', async ({
  cameraPage,
}) => {
  const page = await cameraPage(videos.loginA);
  const requests = apiRequests(page);
  const grantedAt: number[] = [];
  const detectMs: number[] = [];
  /** When each stage was reached after page open (web/src/ui/stage-marks.ts), per load. */
  const stageAt: Record<string, number[]> = {};
  for (let run = 0; run < LOGIN_RUNS; run++) {
    // The page gets the site's publishable key itself: nothing to type or pass.
    await page.goto(`/login/?username=${people.a.username}&run=${run}`);
    const card = page.locator('.result-slot .result[data-decision-ms]');
    await expect(card).toHaveAttribute('data-outcome', 'granted', { timeout: 30_000 });
    await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'success');
    expect(await ovalStroke(page)).toBe(GREEN);
    const timing: { granted: number; detect: number[]; stages: [string, number][] } = await page.evaluate(`({
      granted: performance.getEntriesByName('facegate:granted')[0]?.startTime ?? NaN,
      detect: performance.getEntriesByName('facegate:detect').map((e) => e.duration),
      stages: performance.getEntriesByType('mark').filter((e) => e.name.startsWith('facegate:stage:'))
        .map((e) => [e.name.slice('facegate:stage:'.length), e.startTime]),
    })`);
    grantedAt.push(timing.granted);
    for (const [stage, at] of timing.stages) (stageAt[stage] ??= []).push(at);
    detectMs.push(...timing.detect);
    if (run === 0) await shot(page, 'login-granted-1280');
  }
  // One verify per page load: auto-capture fired once, no button pressed.
  expect(requests.filter((r) => r === 'POST /v1/verify')).toHaveLength(LOGIN_RUNS);
  const openToGranted = percentile(grantedAt, 50);
  const detectP50 = percentile(detectMs, 50);
  const detectP95 = percentile(detectMs, 95);
  console.log(
    `page open → granted with auto-capture: p50 ${openToGranted.toFixed(0)} ms, max ${Math.max(...grantedAt).toFixed(0)} ms over ${LOGIN_RUNS} loads [${grantedAt.map((t) => t.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `stages, p50 ms after page open: ${Object.entries(stageAt)
      .map(([stage, at]) => `${stage} ${percentile(at, 50).toFixed(0)}`)
      .join(', ')}`,
  );
  console.log(
    `in-browser detector (BlazeFace 128, tfjs wasm): p50 ${detectP50.toFixed(1)} ms, p95 ${detectP95.toFixed(1)} ms per frame over ${detectMs.length} frames`,
  );
  // The targets hold on an idle machine; a shared one (2 cores, many jobs) stretches every figure by about the
  // run queue length, so the budget does too, and the printout says by how much.
  const contention = Math.max(1, loadavg()[0]! / availableParallelism());
  console.log(
    `machine load: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores → budgets x${contention.toFixed(1)} (targets: 2000 ms, 30 ms)`,
  );
  expect(openToGranted, 'page open → granted p50 (target 2 s on an idle machine)').toBeLessThanOrEqual(
    2000 * contention,
  );
  expect(detectP50, 'detector cost per frame p50 (target 30 ms on an idle machine)').toBeLessThanOrEqual(
    30 * contention,
  );
});

test('log in as A showing B: denied, and the oval turns red, not green', async ({ cameraPage }) => {
  const page = await cameraPage(videos.showB);
  await page.goto(`/login/?username=${people.a.username}`);
  const card = page.locator('.result-slot .result[data-decision-ms]');
  await expect(card).toHaveAttribute('data-outcome', 'denied', { timeout: 30_000 });
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'failure');
  expect(await ovalStroke(page)).toBe(RED);
  await expect(page.locator('.photo-source figcaption')).toHaveText('Access denied');
  await expect(page.getByRole('status').first()).toHaveAttribute('data-tone', 'error');
  await shot(page, 'login-denied-1280');
});

test('kiosk: waits without sending while nobody is there', async ({ cameraPage }) => {
  const page = await cameraPage(videos.wall);
  const requests = apiRequests(page);
  await page.goto(`/kiosk/`);
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-guidance', 'no_face', { timeout: 30_000 });
  await page.waitForTimeout(2500);
  await expect(page.locator('main')).toHaveAttribute('data-phase', 'idle');
  expect(requests).toEqual([]);
  await shot(page, 'kiosk-idle-1280');
});

test('kiosk: identifies A hands-free and greets them by display name', async ({ cameraPage }) => {
  const page = await cameraPage(videos.loginA);
  const requests = apiRequests(page);
  await page.goto(`/kiosk/`);
  await expect(page.locator('.result-slot .result h2')).toHaveText(`Welcome, ${displayNameA}`, { timeout: 30_000 });
  await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'success');
  // The words under the picture say the same as the welcome, not "hold still".
  await expect(page.locator('.photo-source figcaption')).toHaveText(`Welcome, ${displayNameA}`);
  expect(requests.filter((r) => r === 'POST /v1/identify').length).toBeGreaterThan(0);
  expect(
    await page
      .getByRole('button')
      .filter({ hasText: /start|identify/i })
      .count(),
    'no button to press',
  ).toBe(0);
  await shot(page, 'kiosk-welcome-1280');
});

test('the widget on another site: one script tag, <facegate-enroll> and <facegate-login> with result events', async ({
  cameraPage,
  stack,
}) => {
  // Another site's page, from a server of its own at http://localhost:<port> (the stack is http://127.0.0.1:<port>,
  // another origin; both are loopback, so Chromium lets the page reach the API, and both are secure for the camera).
  const embed = (
    element: string,
  ) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme</title></head>
<body><h1>Acme intranet</h1>
<script type="module" src="${stack.baseUrl}/widget/facegate.js"></script>
${element}
<script>
  window.facegateEvents = [];
  for (const type of ['facegate-granted', 'facegate-denied', 'facegate-enrolled', 'facegate-rejected', 'facegate-error'])
    document.addEventListener(type, (e) => window.facegateEvents.push({ type, detail: e.detail }));
</script></body></html>`;
  let body = '';
  const acme = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => acme.listen(0, '127.0.0.1', resolve));
  const site = `http://localhost:${(acme.address() as AddressInfo).port}/`;
  // The organization's publishable key, bound to its own site's origin.
  const attrs = `api-base="${stack.baseUrl}" publishable-key="${publishableKeyFor(stack, site.replace(/\/$/, ''))}"`;
  const events = (page: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> =>
    page.evaluate('window.facegateEvents');

  // Enroll B through the embedded <facegate-enroll>, pressing Enroll while the camera is still starting (held back
  // 3 s here): the widget must wait for it, not fail with "Take or choose a photo first." and no event (a CI run
  // on a busy machine did exactly that).
  const enrollPage = await cameraPage(videos.showB);
  await holdCameraBack(enrollPage, 3000);
  body = embed(`<facegate-enroll ${attrs}></facegate-enroll>`);
  await enrollPage.goto(site);
  await enrollPage.getByLabel('Username').fill(people.b.username);
  await enrollPage.getByRole('checkbox', { name: /I agree/ }).check();
  expect(await cameraStillStarting(enrollPage), 'the camera is still starting').toBe(true);
  await enrollPage.getByRole('button', { name: 'Enroll', exact: true }).click();
  await expect(enrollPage.getByRole('status').first()).toContainText('Starting the camera');
  await expect
    .poll(async () => (await events(enrollPage)).map((e) => e.type), { timeout: 90_000 })
    .toEqual(['facegate-enrolled']);
  expect((await events(enrollPage))[0]!.detail).toMatchObject({ username: people.b.username });
  await shot(enrollPage, 'widget-enrolled-1280');

  // Log A in through the embedded <facegate-login>: auto-capture, a granted event carrying the token.
  const loginPage = await cameraPage(videos.loginA);
  body = embed(`<facegate-login ${attrs} username="${people.a.username}"></facegate-login>`);
  await loginPage.goto(site);
  await expect
    .poll(async () => (await events(loginPage)).map((e) => e.type), { timeout: 60_000 })
    .toEqual(['facegate-granted']);
  const granted = (await events(loginPage))[0]!.detail;
  expect(granted).toMatchObject({ username: people.a.username });
  expect(String(granted.token)).toMatch(/^eyJ/);
  await shot(loginPage, 'widget-granted-1280');
  acme.close();
});

test('head-turn challenge: the prompt is on the video and the caption says the same', async ({ cameraPage, stack }) => {
  const settings = (activeChallenge: boolean) =>
    fetch(`${stack.baseUrl}/v1/settings`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${stack.credentials.operatorKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ activeChallenge }),
    });
  expect((await settings(true)).status).toBe(200);
  try {
    const page = await cameraPage(videos.loginA);
    await page.goto(`/login/?username=${people.a.username}`);
    const prompt = page.locator('.camera-stage .camera-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    const words = (await prompt.textContent()) ?? '';
    expect(words).toMatch(/turn your head/);
    await expect(page.locator('.photo-source figcaption')).toHaveText(words);
    await shot(page, 'login-head-turn-prompt-1280');
    // A still picture cannot turn: the server refuses, and the oval says so in red.
    const card = page.locator('.result-slot .result[data-decision-ms]');
    await expect(card).toHaveAttribute('data-outcome', 'denied', { timeout: 30_000 });
    await expect(page.locator('.camera-stage')).toHaveAttribute('data-outcome', 'failure');
    await expect(prompt).toBeHidden();
  } finally {
    await settings(false);
  }
});

test('screenshots of every page at 1280 and 390 px', async ({ cameraPage, stack }) => {
  for (const phone of [false, true]) {
    const width = phone ? 390 : 1280;
    const page = await cameraPage(videos.loginA, { phone });
    // Signed in to the console once, so its screenshot shows the panels.
    await enterKeys(page, stack.credentials);
    for (const [name, url] of [
      ['home', '/'],
      ['enroll', '/enroll/'],
      ['login', '/login/'],
      ['kiosk', '/kiosk/'],
      ['console', '/console/'],
    ] as const) {
      await page.goto(url);
      await page.waitForLoadState('load');
      // Camera pages: wait for the live guidance; others: for their content.
      if (['enroll', 'login', 'kiosk'].includes(name))
        await expect(page.locator('.camera-stage')).toHaveAttribute('data-guidance', /.+/, { timeout: 30_000 });
      else await page.waitForTimeout(1000);
      const overflow: number = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, `${name} at ${width} px fits the width`).toBeLessThanOrEqual(0);
      await shot(page, `${name}-${width}`);
    }
  }
});
