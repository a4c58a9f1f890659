/**
 * Finding 6 (issue 12): an operator's webhook URL must not make the service reach its metadata server, its own
 * network or loopback (server-side request forgery), at registration or later through DNS rebinding, and
 * `lastError` must not work as a port scanner. Replayed through the HTTP API over the real use cases (security
 * harness) with the real sender; name resolution is injected so the test controls what a name resolves to.
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender.js';
import type { Harness } from '../../shared/app/security-harness.test-support.js';
import { photo, securityHarness } from '../../shared/app/security-harness.test-support.js';
import { createApiHandler, type ApiHandler } from '../../shared/http/api-handler.js';
import { bodyJson, jsonRequest } from '../../shared/http/http-test-requests.test-support.js';
import { createTenantWithKeys, type DevCredentials } from '../../shared/local/demo-tenant.js';

/** What each name resolves to right now; the test changes it between registration and delivery. */
const dns = new Map<string, string[]>([
  ['hooks.example.com', ['93.184.216.34']],
  ['intranet.example.com', ['10.0.0.5']],
  ['mixed.example.com', ['93.184.216.34', '192.168.0.7']],
  ['metadata.google.internal', ['169.254.169.254']],
  ['rebind.example.com', ['93.184.216.34']],
]);
const resolveAll = (hostname: string): Promise<LookupAddress[]> => {
  const addresses = dns.get(hostname);
  if (!addresses) return Promise.reject(new Error(`ENOTFOUND ${hostname}`));
  return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
};

/** A TCP listener on this machine that counts connections (and optionally never answers). */
async function listener(onSocket: (socket: Socket) => void = (s) => s.destroy()) {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook SSRF (cloud: private addresses refused)', () => {
  let harness: Harness;
  let api: ApiHandler;
  let keys: DevCredentials;

  beforeAll(async () => {
    harness = await securityHarness({
      webhooks: new HttpWebhookSender({ allowPrivateAddresses: false, resolveAll }),
      webhookAttempts: 1,
    });
    api = createApiHandler(harness.app, { maxImageBytes: 1024 * 1024, log: () => undefined });
    keys = await createTenantWithKeys(harness.repos, 'SSRF test');
  });
  afterAll(() => harness.close());

  const register = async (url: string) => {
    const response = await api(
      jsonRequest('/v1/webhook', { url }, { authorization: `Bearer ${keys.operatorKey}` }, 'PUT'),
    );
    return { status: response.status, body: bodyJson(response) as { error?: { code: string; message: string } } };
  };

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://10.1.2.3/hook',
    'https://192.168.1.1/hook',
    'https://172.16.0.1/hook',
    'https://100.64.0.1/hook',
    'https://[fd00::1]/hook',
    'https://[fe80::1]/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://0x7f000001/hook',
    'https://2130706433/hook',
    'https://0177.0.0.1/hook',
    'https://127.1/hook',
    'https://0.0.0.0/hook',
    'https://localhost/hook',
    'http://localhost:8080/hook',
    'http://127.0.0.1:8080/hook',
    'https://intranet.example.com/hook',
    'https://mixed.example.com/hook',
    'https://unresolvable.example.com/hook',
  ])('refuses to register %s, with one generic message', async (url) => {
    const { status, body } = await register(url);
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'webhook_destination_refused',
      message: 'The webhook URL must name a host that resolves to public addresses only',
    });
    expect(await harness.repos.tenants.webhook(keys.tenantId)).toBeNull();
  });

  it('registers a host that resolves to public addresses only', async () => {
    expect((await register('https://hooks.example.com/facegate')).status).toBe(200);
  });

  it('refuses at delivery a name that resolves to loopback since it was registered (DNS rebinding)', async () => {
    const trap = await listener();
    try {
      expect((await register(`https://rebind.example.com:${trap.port}/hook`)).status).toBe(200);
      dns.set('rebind.example.com', ['127.0.0.1']);
      const principal = await harness.app.authenticate(`Bearer ${keys.clientKey}`);
      // A spoof raises an alert, which the alerts subscription delivers at once.
      await harness.app.verify(principal, { username: 'anyone', image: photo({ person: 1, live: false }) });
      await harness.idle();
      const { items } = await harness.repos.forTenant(keys.tenantId).alerts.list();
      expect(items[0]).toMatchObject({
        kind: 'spoof_suspected',
        status: 'undelivered',
        lastError: 'destination refused: not a public address',
      });
      expect(trap.connections()).toBe(0);
    } finally {
      await trap.close();
    }
  });
});

describe('webhook lastError (local stack: private addresses allowed)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await securityHarness({ webhookAttempts: 1 });
  });
  afterAll(() => harness.close());

  async function lastErrorFor(url: string): Promise<string | null | undefined> {
    const keys = await createTenantWithKeys(harness.repos, `Scan ${url}`);
    const operator = await harness.app.authenticate(`Bearer ${keys.operatorKey}`);
    await harness.app.setWebhook(operator, { url });
    const client = await harness.app.authenticate(`Bearer ${keys.clientKey}`);
    await harness.app.verify(client, { username: 'anyone', image: photo({ person: 1, live: false }) });
    await harness.idle();
    const { items } = await harness.repos.forTenant(keys.tenantId).alerts.list();
    expect(items[0]?.status).toBe('undelivered');
    return items[0]?.lastError;
  }

  it('says the same for a closed port, a port that hangs up and a port that never answers', async () => {
    const closed = await listener();
    const closedPort = closed.port;
    await closed.close();
    const hangsUp = await listener();
    const silent = await listener(() => undefined);
    try {
      const errors = [
        await lastErrorFor(`http://127.0.0.1:${closedPort}/`),
        await lastErrorFor(`http://127.0.0.1:${hangsUp.port}/`),
        await lastErrorFor(`http://127.0.0.1:${silent.port}/`),
      ];
      expect(errors).toEqual(['no response', 'no response', 'no response']);
    } finally {
      await hangsUp.close();
      silent.close().catch(() => undefined);
    }
  });
});
