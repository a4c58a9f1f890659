/**
 * The possession factor with passkeys, end to end in Chromium with a virtual platform authenticator: a person
 * enrolls with face + passkey on a tenant that requires the enrolled device, logs in with both (granted, and the
 * token's `amr` names the face, the hardware-held key, the user verification and `mfa`), while the same face from
 * another browser, whose authenticator holds no credential for the site, is denied for the missing factor. Then an
 * operator revokes the passkey on the user's console page (a lost phone; a first try that fails says so and keeps
 * the row), and the next login with it is denied.
 *
 * The pages are opened on `localhost` rather than the stack's 127.0.0.1: WebAuthn binds a credential to a host
 * name, and an IP address cannot be one (the demo publishable key is bound to both origins).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { FRAME, isFrame, webcamFrame } from '../e2e/webcam-frames.js';
import { writeY4m } from '../e2e/y4m-video.js';
import { datasetDir } from '../support/datasets.js';
import { expect, test } from './fixtures.js';
import { enterKeys, loginOnce, resultHeading, waitForPhotoMode } from './page-steps.js';
import { addVirtualAuthenticator } from './virtual-authenticator.js';

test.use({ stackName: 'passkey' });
test.describe.configure({ mode: 'serial' });

const FORMAT = { ...FRAME, fps: 10 };
const PERSON = 'Angelina_Jolie';
const USERNAME = 'passkey-angelina';
let dir: string;
/** Two webcam videos of one person from two different photos: one to enroll, one to log in. */
const videos: { enroll?: string; login?: string } = {};

// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  dir = await mkdtemp(path.join(tmpdir(), 'passkey-spec-'));
  const engine = await createFaceEngine();
  const person = path.join(datasetDir('wild'), PERSON);
  const made: string[] = [];
  for (const file of (await readdir(person)).sort()) {
    const frame = await webcamFrame(engine, path.join(person, file));
    if (!isFrame(frame)) continue;
    const video = path.join(dir, `${made.length}.y4m`);
    await writeY4m(video, FORMAT, [{ rgb: frame.rgb, frames: 20, sensorNoise: 2 }]);
    made.push(video);
    if (made.length === 2) break;
  }
  if (made.length < 2) throw new Error(`fewer than two usable photos of ${PERSON} in wild`);
  [videos.enroll, videos.login] = made;
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The stack's address with the host name WebAuthn needs. */
const localhost = (baseUrl: string) => baseUrl.replace('://127.0.0.1:', '://localhost:');

/** The claims of a JWT (not verified: the server under test issued it and the test reads what it says). */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** One login on the page, with the verify response it made. */
async function loginWithResponse(page: Page) {
  const response = page.waitForResponse((r) => r.url().endsWith('/v1/verify') && r.request().method() === 'POST');
  const attempt = await loginOnce(page);
  const body = (await (await response).json()) as { decision: string; token?: string; reason?: string };
  return { attempt, body };
}

test('enroll with face + passkey, log in with both → granted with amr face, hwk, user, mfa; revoked → denied', async ({
  cameraPage,
  page,
  stack,
  request,
}) => {
  const operator = { Authorization: `Bearer ${stack.credentials.operatorKey}` };
  const settings = await request.patch(`${stack.baseUrl}/v1/settings`, {
    headers: operator,
    data: { requirePossession: true },
  });
  expect(settings.status(), await settings.text()).toBe(200);
  const base = localhost(stack.baseUrl);

  const enrolling = await cameraPage(videos.enroll!);
  const authenticator = await addVirtualAuthenticator(enrolling);
  await enrolling.goto(`${base}/enroll/`);
  await waitForPhotoMode(enrolling, 'camera');
  await enrolling.getByLabel('Username').fill(USERNAME);
  await enrolling.getByRole('checkbox', { name: /I agree/ }).check();
  await enrolling.locator('.camera-stage[data-state="frozen"]').waitFor();
  const started = enrolling.waitForRequest((r) => r.url().endsWith('/v1/enrollments') && r.method() === 'POST');
  await enrolling.getByRole('button', { name: 'Enroll', exact: true }).click();
  const enrollBody = (await started).postDataJSON() as { passkey?: { challengeId: string }; deviceKey?: unknown };
  expect(enrollBody.passkey?.challengeId, 'the enrollment carries a passkey registration').toMatch(/^chl_/);
  expect(enrollBody.deviceKey, 'and no IndexedDB device key').toBeUndefined();
  expect(await resultHeading(enrolling, 90_000)).toEqual({ outcome: 'granted', heading: 'You are enrolled' });

  const [credential, ...others] = await authenticator.credentials();
  expect(others).toEqual([]);
  expect(credential).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

  await enrolling.goto(`${base}/login/?username=${USERNAME}`);
  await waitForPhotoMode(enrolling, 'camera');
  const { attempt, body } = await loginWithResponse(enrolling);
  expect(attempt.outcome, `login from the enrolling browser ("${attempt.heading}")`).toBe('granted');
  expect(claims(body.token ?? '')).toMatchObject({ username: USERNAME, amr: ['face', 'hwk', 'user', 'mfa'] });
  const [used] = await authenticator.credentials();
  expect(used?.signCount, 'the authenticator signed once more').toBeGreaterThan(credential!.signCount);

  // Another browser, whose authenticator has no credential for this site: the face alone is not enough.
  const other = await cameraPage(videos.login!);
  await addVirtualAuthenticator(other);
  await other.goto(`${base}/login/?username=${USERNAME}`);
  await waitForPhotoMode(other, 'camera');
  const denied = await loginWithResponse(other);
  expect(denied.attempt, 'login from another browser').toMatchObject({
    outcome: 'denied',
    heading: 'Log in from the device you enrolled on',
  });
  expect(denied.body.token).toBeUndefined();
  const attempts = await request.get(`${stack.baseUrl}/v1/attempts?outcome=denied&limit=5`, { headers: operator });
  const listed = (await attempts.json()) as { attempts: { reason: string; claimedUsername: string }[] };
  expect(listed.attempts, 'the denial is recorded as the missing possession factor').toContainEqual(
    expect.objectContaining({ reason: 'possession_required', claimedUsername: USERNAME }),
  );

  // The phone is lost: an operator revokes its passkey on the user's page.
  const users = (await (
    await request.get(`${stack.baseUrl}/v1/users?search=${USERNAME}`, { headers: operator })
  ).json()) as { users: { userId: string }[] };
  const userId = users.users[0]!.userId;
  await enterKeys(page, stack.credentials);
  await page.goto(`/console/?user=${userId}#user`);
  const row = page.locator('#user-credentials li[data-kind="passkey"]');
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-field="facts"]')).toContainText('last used');
  // A first try the server refuses: the error is shown and the row stays.
  const revokeUrl = `**/v1/users/${userId}/passkeys/*`;
  await page.route(revokeUrl, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'The database is not reachable' } }),
    }),
  );
  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.locator('#user .status-line')).toContainText('could not be revoked');
  await expect(row).toHaveCount(1);
  await page.unroute(revokeUrl);
  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);
  await expect(page.locator('#user .status-line')).toContainText('was revoked');
  await expect(page.locator('#user-credentials')).toContainText('No passkey or device key is registered.');

  // The same phone, the same face: denied, the passkey it still holds is refused.
  await enrolling.goto(`${base}/login/?username=${USERNAME}`);
  await waitForPhotoMode(enrolling, 'camera');
  const revoked = await loginWithResponse(enrolling);
  expect(revoked.attempt.outcome, `login with the revoked passkey ("${revoked.attempt.heading}")`).toBe('denied');
  expect(revoked.body.token).toBeUndefined();
  const [presented] = await authenticator.credentials();
  expect(presented?.signCount, 'the phone did present its passkey').toBeGreaterThan(used!.signCount);
  const latest = await request.get(`${stack.baseUrl}/v1/attempts?outcome=denied&limit=1`, { headers: operator });
  const [last] = ((await latest.json()) as { attempts: { reason: string; claimedUsername: string }[] }).attempts;
  expect(last, 'the denial names the refused possession factor').toMatchObject({
    reason: 'possession_invalid',
    claimedUsername: USERNAME,
  });
});
