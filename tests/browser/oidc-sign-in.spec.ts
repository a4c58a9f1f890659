/**
 * "Sign in with FaceGate" end to end: the example relying party (examples/oidc-relying-party, openid-client) sends
 * the browser to the tenant's OpenID Provider, the hosted login sees the enrolled person through the fake camera,
 * the provider returns a code, and the relying party exchanges it and verifies the ID token. An impostor's face,
 * claiming the same username, never gets past the login page: no code reaches the relying party.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRelyingParty } from '../../examples/oidc-relying-party/relying-party.js';
import { matchPolicy } from '../../shared/compose.js';
import { loadConfig } from '../../shared/config/load-config.js';
import { createFaceEngine } from '../../shared/face/create-face-engine.js';
import { cameraStillStarting, holdCameraBack, waitForPhotoMode } from './page-steps.js';
import { pickPeople, type People } from '../e2e/pick-people.js';
import { FRAME } from '../e2e/webcam-frames.js';
import { writeY4m } from '../e2e/y4m-video.js';
import { enrollOverHttp } from './enroll-over-http.js';
import { expect, test } from './fixtures.js';

// Enrolls dataset faces other specs enroll too: a stack of its own (tests/browser/fixtures.ts).
test.use({ stackName: 'oidc' });

const DATASET = path.resolve(process.env['FACEGATE_DATASETS'] ?? '../shared/datasets', 'wild');
const VIDEO = { ...FRAME, fps: 10 };

let videoDir: string;
let people: People;
const videos = { a: '', b: '' };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  videoDir = await mkdtemp(path.join(tmpdir(), 'facegate-oidc-'));
  const engine = await createFaceEngine();
  people = await pickPeople(engine, DATASET, matchPolicy(loadConfig({})).thresholdFor(engine.modelVersion));
  videos.a = path.join(videoDir, 'a-login.y4m');
  videos.b = path.join(videoDir, 'b-impostor.y4m');
  await writeY4m(videos.a, VIDEO, [{ rgb: people.a.frames[1].rgb, frames: 20 }]);
  await writeY4m(videos.b, VIDEO, [{ rgb: people.b.frames[0].rgb, frames: 20 }]);
});

test.afterAll(async () => {
  if (videoDir) await rm(videoDir, { recursive: true, force: true });
});

/** The example relying party on a free port, registered with the tenant by its operator. */
async function relyingParty(stack: { baseUrl: string; credentials: { tenantId: string; operatorKey: string } }) {
  // The port first, so the redirect URI can be registered before the app is built.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const rpUrl = `http://127.0.0.1:${port}`;
  const registered = await fetch(`${stack.baseUrl}/v1/oidc/clients`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.credentials.operatorKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Example RP', redirectUris: [`${rpUrl}/callback`] }),
  });
  expect(registered.status).toBe(201);
  const client = (await registered.json()) as { clientId: string; clientSecret: string };
  const issuer = `${stack.baseUrl}/t/${stack.credentials.tenantId}`;
  const server = await createRelyingParty({ issuer, ...client, baseUrl: rpUrl });
  const callbacks: string[] = [];
  server.prependListener('request', (req) => {
    if (req.url?.startsWith('/callback')) callbacks.push(req.url);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { rpUrl, issuer, callbacks, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('RP → FaceGate OIDC → face login → the RP verifies the ID token; an impostor gets no code', async ({
  stack,
  cameraPage,
}) => {
  test.setTimeout(300_000);
  const { userId } = await enrollOverHttp(
    stack.baseUrl,
    stack.credentials.clientKey,
    people.a.username,
    people.a.frames[0].jpeg,
  );
  const rp = await relyingParty(stack);
  try {
    // The impostor: B's face claiming A's username, twice.
    const impostor = await cameraPage(videos.b);
    await impostor.goto(`${rp.rpUrl}/`);
    await expect(impostor.getByRole('heading', { name: 'Sign in to Example RP' })).toBeVisible();
    await waitForPhotoMode(impostor, 'camera');
    for (let attempt = 0; attempt < 2; attempt++) {
      await impostor.getByLabel('Username').fill(people.a.username);
      await impostor.getByRole('button', { name: 'Sign in with my face' }).click();
      await expect(impostor.getByRole('status')).toContainText('Not signed in', { timeout: 60_000 });
    }
    expect(new URL(impostor.url()).origin).toBe(stack.baseUrl);
    expect(rp.callbacks).toEqual([]);

    // A, the enrolled person, pressing before the camera runs (held back 3 s): the page waits for it.
    const page = await cameraPage(videos.a);
    await holdCameraBack(page, 3000);
    await page.goto(`${rp.rpUrl}/`);
    await expect(page.getByRole('heading', { name: 'Sign in to Example RP' })).toBeVisible();
    await page.getByLabel('Username').fill(people.a.username);
    expect(await cameraStillStarting(page), 'the camera is still starting').toBe(true);
    await page.getByRole('button', { name: 'Sign in with my face' }).click();
    await expect(page.getByRole('status')).toContainText('Starting the camera');
    await page.waitForURL(`${rp.rpUrl}/callback?**`, { timeout: 60_000 });
    const claims = JSON.parse(await page.locator('#claims').innerText()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      signedIn: true,
      iss: rp.issuer,
      sub: userId,
      preferred_username: people.a.username,
      acr: 'urn:facegate:acr:face',
      amr: ['face'],
    });
    expect(rp.callbacks).toHaveLength(1);
    // The code was used once; replaying the callback URL is refused by the RP's state check and the provider.
    const replay = await fetch(`${rp.rpUrl}${rp.callbacks[0]}`);
    expect(replay.status).toBe(400);
  } finally {
    await rp.close();
  }
});
