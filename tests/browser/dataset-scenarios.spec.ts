/**
 * The web client end to end with people of the wild dataset (`npm run test:e2e`; part of `npm run test:browser`):
 * enroll A with the camera; log in as A with another photo (granted, token claims and signature, timed); log in as
 * A showing B (denied, then seen in the console); the kiosk identifies A after a wall and a passer-by; a phone with
 * the camera refused enrolls B through the file input; the operator deletes B; the possession factor (granted on
 * the enrolling browser, denied on another).
 *
 * The scenarios build on each other (A is enrolled before anyone logs in as A; B is deleted before B's face enrolls
 * again under another name), so they run in order on one stack and a failure stops the ones after it. The decision
 * times are annotations of their tests and printed after the last one, with screenshots in out/browser-results.
 */
import { percentile } from '../../shared/arrays/percentile.js';
import { attributeOf, listedAlerts, settle } from './console-panels.js';
import type { Figures } from './dataset-fixtures.js';
import { expect, test } from './dataset-fixtures.js';
import {
  enterKeys,
  expectControlsLabelled,
  expectNoHorizontalScroll,
  loginOnce,
  resultHeading,
  setRequirePossession,
  waitForPhotoMode,
} from './page-steps.js';

/** Target for capture click → decision on screen on the local stack (issue 4). */
const TARGET_MS = 500;
/** Log-in repetitions for the timing figure. */
const LOGIN_REPS = 10;
/** Few enough to stay clear of any lockout policy, enough for a median. */
const IMPOSTOR_TRIES = 3;
/** The kiosk's frame interval is 500 ms; requests may start a little early on a busy machine, never much. */
const MIN_GAP_MS = 400;

/** What the scenarios learn for the ones after them. */
const state: { userIdA?: string } = {};

test.describe.configure({ mode: 'serial' });

test.afterAll(({ figures }) => {
  for (const line of figureLines(figures)) console.log(line);
});

test('enroll person A with the camera', async ({ browserPage, stack, people, videos, figures, shoot }) => {
  const a = people.a;
  const page = await browserPage({ video: videos.enrollA });
  await enterKeys(page, stack.credentials);
  await page.goto('/enroll/');
  await waitForPhotoMode(page, 'camera');
  await expectControlsLabelled(page, 'enroll page');
  await page.getByLabel('Username').fill(a.username);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await shoot(page, 'enroll-form');

  // The camera takes the photo by itself once the form is filled in and the picture holds good.
  await page.locator('.camera-stage[data-state="frozen"]').waitFor();
  await shoot(page, 'enroll-photo-taken');

  const started = Date.now();
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  const result = await resultHeading(page, 90_000);
  figures.enrollMs = Date.now() - started;
  annotate('enroll click → status on screen', `${figures.enrollMs} ms`);
  await shoot(page, 'enroll-result');
  expect(result, `enrollment of ${a.username}`).toEqual({ outcome: 'granted', heading: 'You are enrolled' });
  await expect(page.locator('progress'), 'upload progress bar at the end').toHaveAttribute('value', '100');
  await expect(page.getByRole('status').first()).toContainText(`Enrolled as ${a.username}`);
});

test('log in as A with another photo of A → granted', async ({
  browserPage,
  stack,
  people,
  videos,
  figures,
  shoot,
}) => {
  const a = people.a;
  const page = await browserPage({ video: videos.loginA });
  await enterKeys(page, stack.credentials);
  await page.goto(`/login/?username=${encodeURIComponent(a.username)}`);
  await waitForPhotoMode(page, 'camera');
  await expectControlsLabelled(page, 'login page');
  await expect(page.getByLabel('Username'), 'username prefilled from the link').toHaveValue(a.username);

  for (let rep = 0; rep < LOGIN_REPS; rep++) {
    const attempt = await loginOnce(page);
    expect(attempt.outcome, `login ${rep + 1} of ${a.username} (result "${attempt.heading}")`).toBe('granted');
    figures.grantedMs.push(attempt.decisionMs);
    if (rep === 0) {
      expect(attempt.heading).toBe(`Welcome, ${a.username}`);
      const userId = (await page.locator('[data-field="userId"]').textContent()) ?? '';
      expect(userId, 'the granted result names the user id').toMatch(/^(?!—$)\S+$/);
      state.userIdA = userId;
      await expect(page.locator('[data-claim="sub"] td'), 'token claim sub').toHaveText(userId);
      await expect(page.locator('[data-claim="username"] td'), 'token claim username').toHaveText(a.username);
      await expect(page.locator('.token-signature'), 'token signature checked with the JWKS').toHaveAttribute(
        'data-valid',
        'true',
        { timeout: 10_000 },
      );
      await shoot(page, 'login-granted');
    }
    await page.getByRole('button', { name: 'Log in again' }).click();
  }
  annotate('granted: capture click → decision on screen', latencyLine(figures.grantedMs));
});

test('log in as A showing B → denied, seen in the console', async ({
  browserPage,
  stack,
  people,
  videos,
  figures,
  shoot,
}) => {
  const a = people.a;
  const page = await browserPage({ video: videos.showB });
  await enterKeys(page, stack.credentials);
  await page.goto('/login/');
  await waitForPhotoMode(page, 'camera');
  await page.getByLabel('Username').fill(a.username);
  for (let i = 0; i < IMPOSTOR_TRIES; i++) {
    const attempt = await loginOnce(page);
    expect(attempt.outcome, `impostor attempt ${i + 1} (result "${attempt.heading}")`).toBe('denied');
    // A client key is told not_verified, whatever the account (issue 12, finding 5); the console shows no_match.
    expect(attempt.heading, 'denial heading (reason not_verified in plain words)').toBe('We could not verify you');
    figures.deniedMs.push(attempt.decisionMs);
    if (i === 0) {
      await expect(page.locator('.result .advice'), 'the denial says what to try').toContainText(
        /\btry(ing)? again\b/i,
      );
      await shoot(page, 'login-impostor-denied');
    }
    await page.getByRole('button', { name: 'Try again' }).click();
  }
  annotate('denied: capture click → decision on screen', latencyLine(figures.deniedMs));

  await page.goto('/console/');
  await expectControlsLabelled(page, 'console');
  const userRow = page.locator('#users-table tbody tr', { has: page.locator('th', { hasText: a.username }) });
  await expect(userRow.locator('.badge'), `${a.username}'s status in the users panel`).toHaveText('active', {
    timeout: 15_000,
  });

  const attempts = await settle(page, '#attempts-table tbody tr', '#attempts [data-unavailable]');
  expect(attempts, 'the console attempts log after the impostor attempts').toBe('rows');
  const denied = page.locator('#attempts-table tbody tr[data-outcome="denied"]', {
    has: page.locator('[data-field="reason"]', { hasText: 'no_match' }),
  });
  await expect(denied.first(), 'the impostor attempt (denied, no_match) in the attempts log').toBeVisible({
    timeout: 10_000,
  });
  await expect(denied.first().locator('[data-field="user"]'), 'the claimed user').toHaveText(a.username);
  const deniedIds = await attributeOf(denied, 'data-attempt-id');
  await page.locator('#chart-scores').waitFor({ timeout: 10_000 });

  const alerts = await settle(
    page,
    '#alerts-list li',
    '#alerts [data-unavailable]',
    '#alerts .status-line:text("No alerts.")',
  );
  await shoot(page, 'console-after-impostor');
  expect(alerts, 'alerts listed in the console after the impostor attempts').toBe('rows');
  // "Its" alert: one naming A, or pointing at one of the denied attempts the log shows.
  const listed = await listedAlerts(page);
  const ours = listed.filter(
    (alert) =>
      (state.userIdA !== undefined && alert.userId === state.userIdA) ||
      alert.attemptIds.some((id) => deniedIds.includes(id)),
  );
  expect(ours.length, `alerts about ${a.username} or the denied attempts, of ${listed.length}`).toBeGreaterThan(0);
});

test('kiosk identifies A', async ({ browserPage, stack, people, videos, figures, shoot }) => {
  const page = await browserPage({ video: videos.kiosk });
  const requests: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/identify') requests.push(Date.now());
  });
  await enterKeys(page, stack.credentials);
  await page.goto('/kiosk/');
  await waitForPhotoMode(page, 'camera');
  await expectControlsLabelled(page, 'kiosk page');
  await shoot(page, 'kiosk-ready');
  // Hands-free: no button; the kiosk starts identifying once it sees a good face.
  const result = await resultHeading(page, 30_000);
  await shoot(page, 'kiosk-identified');
  expect(result, 'kiosk result').toEqual({ outcome: 'granted', heading: `Welcome, ${people.a.username}` });

  const timing = (await page.locator('.result .timing').textContent()) ?? '';
  const match = /Identified in ([\d.]+) (ms|s) after (\d+) frame/.exec(timing);
  if (!match) throw new Error(`the kiosk reports its time and frames, got "${timing}"`);
  const gaps = requests.slice(1).map((t, i) => t - (requests[i] ?? t));
  const minGap = gaps.length ? Math.min(...gaps) : null;
  expect(minGap ?? MIN_GAP_MS, `frames are throttled: requests ${gaps.join(', ')} ms apart`).toBeGreaterThanOrEqual(
    MIN_GAP_MS,
  );
  figures.kiosk = {
    elapsedMs: Number(match[1]) * (match[2] === 's' ? 1000 : 1),
    frames: Number(match[3]),
    identifyRequests: requests.length,
    minGapMs: minGap,
  };
  annotate('kiosk', kioskLine(figures.kiosk));
});

test('phone enrolls B through the file-input fallback', async ({ browserPage, stack, people, figures, shoot }) => {
  const b = people.b;
  const page = await browserPage('refused', { phone: true });
  await enterKeys(page, stack.credentials);
  await page.goto('/enroll/');
  await waitForPhotoMode(page, 'file');
  await expect(page.locator('.fallback-reason'), 'the fallback says why').toContainText('Camera access was refused');
  const input = page.getByLabel('Take or choose a photo of your face');
  await expect(input, 'file input opens the front camera on phones').toHaveAttribute('capture', 'user');
  await expect(page.getByRole('button', { name: 'Take photo' }), 'no "Take photo" without a camera').toBeHidden();
  await expectControlsLabelled(page, 'phone enroll page');
  await expectNoHorizontalScroll(page, 'phone enroll page');
  await shoot(page, 'phone-enroll-fallback');

  await page.getByLabel('Username').fill(b.username);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await input.setInputFiles({ name: 'selfie.jpg', mimeType: 'image/jpeg', buffer: b.frames[1].jpeg });
  await page.locator('.picked-preview').waitFor();
  await shoot(page, 'phone-enroll-photo-picked');
  const started = Date.now();
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  const result = await resultHeading(page, 90_000);
  figures.phoneEnrollMs = Date.now() - started;
  annotate('phone enroll click → status on screen', `${figures.phoneEnrollMs} ms`);
  await shoot(page, 'phone-enroll-result');
  expect(result, `phone enrollment of ${b.username}`).toEqual({ outcome: 'granted', heading: 'You are enrolled' });
  await expectNoHorizontalScroll(page, 'phone enroll result');

  // The other pages fit the phone too, the console with its tables and charts included.
  for (const [path, ready] of [
    ['/login/', '.photo-source[data-mode="file"]'],
    ['/kiosk/', '.photo-source[data-mode="file"]'],
    ['/console/', '#users-table tbody tr'],
  ] as const) {
    await page.goto(path);
    await page.locator(ready).first().waitFor({ timeout: 15_000 });
    await expectControlsLabelled(page, `phone ${path}`);
    await expectNoHorizontalScroll(page, `phone ${path}`);
  }
  await shoot(page, 'phone-console');
});

test('operator searches for B and deletes them', async ({ browserPage, stack, people, request, shoot }) => {
  const b = people.b;
  const page = await browserPage('refused');
  await enterKeys(page, stack.credentials);
  await page.goto('/console/');
  await page.getByLabel('Search users').fill(b.username);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  // The first load lists everyone; the search's answer replaces it.
  await expect(page.getByText('1 user shown.')).toBeVisible({ timeout: 15_000 });
  const rows = page.locator('#users-table tbody tr');
  await expect(rows.filter({ has: page.locator('th', { hasText: b.username }) })).toHaveCount(1);
  await expect(rows, 'rows after searching for B').toHaveCount(1);
  await page.getByRole('button', { name: `Delete ${b.username}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await shoot(page, 'console-confirm-delete');
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  await expect(page.getByText(`${b.username} was deleted.`)).toBeVisible({ timeout: 15_000 });
  await expect(rows.filter({ has: page.locator('th', { hasText: b.username }) })).toHaveCount(0);
  await shoot(page, 'console-user-deleted');

  const response = await request.get(`/v1/users?search=${encodeURIComponent(b.username)}`, {
    headers: { Authorization: `Bearer ${stack.credentials.operatorKey}` },
  });
  const body = (await response.json()) as { users: { username: string }[] };
  expect(
    body.users.map((u) => u.username),
    'the API after the deletion',
  ).not.toContain(b.username);
});

test('possession factor: enroll B on this browser → granted here, denied from another browser', async ({
  browserPage,
  stack,
  people,
  videos,
  request,
  shoot,
}) => {
  const username = `${people.b.username}-device`;
  try {
    const enrolling = await browserPage({ video: videos.showB });
    await enterKeys(enrolling, stack.credentials);
    await setRequirePossession(enrolling, true);
    await shoot(enrolling, 'settings-require-device');
    await enrolling.goto('/enroll/');
    await waitForPhotoMode(enrolling, 'camera');
    await enrolling.getByLabel('Username').fill(username);
    await enrolling.getByRole('checkbox', { name: /I agree/ }).check();
    await enrolling.getByRole('button', { name: 'Enroll', exact: true }).click();
    const enrolled = await resultHeading(enrolling, 90_000);
    expect(enrolled.heading, `enrollment of ${username} with a device key`).toBe('You are enrolled');
    await enrolling.goto(`/login/?username=${encodeURIComponent(username)}`);
    await waitForPhotoMode(enrolling, 'camera');
    const granted = await loginOnce(enrolling);
    expect(granted.outcome, `login of ${username} from the enrolling browser ("${granted.heading}")`).toBe('granted');
    await shoot(enrolling, 'possession-granted');

    const other = await browserPage({ video: videos.showB });
    await enterKeys(other, stack.credentials);
    await other.goto(`/login/?username=${encodeURIComponent(username)}`);
    await waitForPhotoMode(other, 'camera');
    const denied = await loginOnce(other);
    expect(denied, `login of ${username} from another browser`).toMatchObject({
      outcome: 'denied',
      heading: 'Log in from the device you enrolled on',
    });
    await shoot(other, 'possession-denied-other-browser');

    const response = await request.get('/v1/attempts?outcome=denied&limit=5', {
      headers: { Authorization: `Bearer ${stack.credentials.operatorKey}` },
    });
    const { attempts } = (await response.json()) as { attempts: { reason: string; claimedUsername: string }[] };
    expect(attempts, 'the attempts log records the denial as possession_required').toContainEqual(
      expect.objectContaining({ reason: 'possession_required', claimedUsername: username }),
    );
  } finally {
    // The demo tenant is left as it was, whatever happened.
    const settings = await browserPage('refused');
    await enterKeys(settings, stack.credentials);
    await setRequirePossession(settings, false);
  }
});

/** A figure on the running test, shown in the HTML report and printed by the list reporter. */
function annotate(type: string, description: string): void {
  test.info().annotations.push({ type, description });
  console.log(`${type}: ${description}`);
}

function latencyLine(ms: readonly number[]): string {
  if (ms.length === 0) return 'no data';
  const list = ms.map((m) => m.toFixed(0)).join(', ');
  return `p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms over ${ms.length} (${list})`;
}

function kioskLine(k: NonNullable<Figures['kiosk']>): string {
  const gap = k.minGapMs !== null ? `, at least ${k.minGapMs} ms apart` : '';
  return `identified in ${k.elapsedMs.toFixed(0)} ms after ${k.frames} frame(s), ${k.identifyRequests} identify request(s)${gap}`;
}

/** The closing summary, as the hand-made runner printed it. */
function figureLines(figures: Figures): string[] {
  const all = [...figures.grantedMs, ...figures.deniedMs];
  const lines = [
    'capture click → decision on screen (measured in the page):',
    `  granted: ${latencyLine(figures.grantedMs)}`,
    `  denied:  ${latencyLine(figures.deniedMs)}`,
  ];
  if (all.length > 0) {
    const p50 = percentile(all, 50);
    const met = p50 <= TARGET_MS ? 'met' : 'NOT met';
    lines.push(`  login p50 ${p50.toFixed(0)} ms over ${all.length} attempts: target ≤ ${TARGET_MS} ms ${met}`);
  }
  if (figures.kiosk) lines.push(`kiosk: ${kioskLine(figures.kiosk)}`);
  if (figures.enrollMs !== undefined)
    lines.push(
      `enroll click → status on screen: ${figures.enrollMs} ms (camera), ${figures.phoneEnrollMs ?? '—'} ms (phone file)`,
    );
  return lines;
}
