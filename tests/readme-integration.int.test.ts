/**
 * The README's "Add FaceGate to your app", followed word for word against `npm start`'s server: its code blocks are
 * taken out of README.md and run in order, with only the placeholders the section names replaced
 * (`https://facegate.example.com` → the server, `ten_your_tenant` → its demo tenant, `fgpk_your_publishable_key` →
 * the key the first block prints). The page block runs as a page on the origin the key was made for would: every
 * request carries that Origin. Then the OpenID Connect part of "Sign in with FaceGate": its registration command
 * (`$OPERATOR_KEY` → the operator key), its configuration block handed to openid-client as the system it is meant
 * for, a face sign-in through the hosted login's endpoints, and its jose check of the verify token. Change the
 * sections and this test runs the new text.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';
import { startSdkStack, type SdkStack } from './support/sdk-stack.js';

const exec = promisify(execFile);
const SECTION = '## Add FaceGate to your app';
const OIDC_SECTION = '## Sign in with FaceGate (OpenID Connect)';

interface Block {
  lang: string;
  code: string;
}

/** The fenced code blocks of a README section, in order. */
async function sectionBlocks(heading = SECTION): Promise<Block[]> {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

let stack: SdkStack;
let blocks: Block[];
let oidcBlocks: Block[];
/** The verify token the page block's login handed to `sendToYourServer`. */
let token: string | undefined;
let workDir: string;
const placeholders = new Map<string, string>();

function filled(code: string): string {
  let out = code;
  for (const [placeholder, value] of placeholders) out = out.split(placeholder).join(value);
  return out;
}

/** Writes a block as a module under out/ (so its imports resolve through the repo's node_modules) and imports it. */
async function importBlock(name: string, code: string): Promise<Record<string, unknown>> {
  const file = path.join(workDir, `${name}.ts`);
  await writeFile(file, filled(code));
  return (await import(file)) as Record<string, unknown>;
}

beforeAll(async () => {
  [stack, blocks, oidcBlocks] = await Promise.all([startSdkStack(), sectionBlocks(), sectionBlocks(OIDC_SECTION)]);
  await mkdir(path.join(REPO_ROOT, 'out'), { recursive: true });
  workDir = await mkdtemp(path.join(REPO_ROOT, 'out', 'readme-blocks-'));
  // The server's issuer is its public URL, http://localhost:<port> (FACEGATE_PUBLIC_URL unset).
  placeholders.set('https://facegate.example.com', `http://localhost:${new URL(stack.server.base).port}`);
  placeholders.set('ten_your_tenant', stack.server.tenantId);
}, 240_000);

afterAll(async () => {
  await stack?.server.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('README: Add FaceGate to your app', () => {
  let pageOrigin: string;

  it('has the blocks this test follows: key, page, widget, jose check, @facegate/server check', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'ts', 'html', 'ts', 'ts']);
  });

  it('1. makes a publishable key for the site with the command shown', async () => {
    const command = filled(blocks[0]!.code.trim());
    pageOrigin = /--origin (\S+)/.exec(command)![1]!;
    const { stdout } = await exec('sh', ['-c', command], {
      cwd: REPO_ROOT,
      env: { ...process.env, FACEGATE_DATA_DIR: stack.server.dataDir, FACEGATE_LOG_LEVEL: 'error' },
    });
    const created = JSON.parse(stdout) as { key: string; tenantId: string; allowedOrigins: string[] };
    expect(created.tenantId).toBe(stack.server.tenantId);
    expect(created.allowedOrigins).toEqual([pageOrigin]);
    placeholders.set('fgpk_your_publishable_key', created.key);
  }, 120_000);

  it('2. enrolls and logs in with the page code, from the key’s origin only', async () => {
    const realFetch = globalThis.fetch;
    const page = globalThis as unknown as Record<string, unknown>;
    page.photo = new Blob([new Uint8Array(stack.fx.personA)], { type: 'image/jpeg' });
    page.sendToYourServer = (received: string) => {
      token = received;
    };
    globalThis.fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('Origin', pageOrigin);
      return realFetch(input, { ...init, headers });
    };
    try {
      await importBlock('page', blocks[1]!.code);
    } finally {
      globalThis.fetch = realFetch;
      delete page.photo;
      delete page.sendToYourServer;
    }
    expect(token?.split('.')).toHaveLength(3);

    // The same key from a script that is not on that origin gets nothing.
    const refused = await fetch(`${stack.server.base}/v1/challenges`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${placeholders.get('fgpk_your_publishable_key')}` },
    });
    expect(refused.status).toBe(403);
  }, 120_000);

  it('3a. checks the token with jose in ten lines', async () => {
    const code = blocks[3]!.code;
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(10);
    const module = await importBlock('check-with-jose', code);
    const faceGateUser = module.faceGateUser as (token: string) => Promise<Record<string, unknown>>;
    const user = await faceGateUser(token!);
    expect(user).toMatchObject({ username: 'ada', methods: ['face'] });
    expect(user.userId).toMatch(/\S/);
    await expect(faceGateUser(`${token!.slice(0, -4)}AAAA`)).rejects.toThrow();
  });

  it('3b. checks the token with @facegate/server', async () => {
    const lines: string[] = [];
    const log = console.log;
    const server = globalThis as unknown as Record<string, unknown>;
    server.token = token;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      await importBlock('check-with-server', blocks[4]!.code);
    } finally {
      console.log = log;
      delete server.token;
    }
    expect(lines).toEqual(['ada logged in with face']);
  });

  it('shows the widget with the same publishable key placeholder (the widget itself is the web components’ work)', () => {
    expect(blocks[2]!.code).toContain('publishable-key="fgpk_your_publishable_key"');
  });
});

/** A browser for the hosted login: follows no redirect by itself, keeps cookies. */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), Cookie: [...cookies].map((c) => c.join('=')).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = line.split(';')[0]!.split('=');
      cookies.set(name!, value!);
    }
    return response;
  };
}

describe('README: Sign in with FaceGate (OpenID Connect)', () => {
  let registered: { clientId: string; clientSecret: string; redirectUris: string[] };

  it('has the blocks this test follows: registration, configuration, jose check', () => {
    expect(oidcBlocks.map((b) => b.lang)).toEqual(['sh', 'yaml', 'ts']);
  });

  it('1. registers the application with the command shown', async () => {
    const { stdout } = await exec('sh', ['-c', filled(oidcBlocks[0]!.code)], {
      env: { ...process.env, OPERATOR_KEY: stack.server.operatorKey },
    });
    registered = JSON.parse(stdout) as typeof registered;
    expect(registered.clientId).toMatch(/\S/);
    expect(registered.clientSecret).toMatch(/\S/);
    placeholders.set('fgc_your_client_id', registered.clientId);
    placeholders.set('your_client_secret', registered.clientSecret);
  }, 60_000);

  it('2. the configuration block signs a person in with their face through openid-client', async () => {
    const system = parseYaml(filled(oidcBlocks[1]!.code)) as {
      issuer: string;
      client_id: string;
      client_secret: string;
      scopes: string[];
      response_type: string;
      pkce: string;
    };
    const local = { execute: [oidc.allowInsecureRequests] }; // npm start's server has no TLS
    const config = await oidc.discovery(
      new URL(system.issuer),
      system.client_id,
      undefined,
      oidc.ClientSecretBasic(system.client_secret),
      local,
    );
    expect(config.serverMetadata().issuer).toBe(system.issuer);
    const verifier = oidc.randomPKCECodeVerifier();
    const [state, nonce] = [oidc.randomState(), oidc.randomNonce()];
    const redirectUri = registered.redirectUris[0]!;
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: system.scopes.join(' '),
      response_type: system.response_type,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: system.pkce,
      state,
      nonce,
    });

    // The person at the hosted login: the page's own endpoints, with the face of the account the page block enrolled.
    const go = browser();
    const toLogin = await go(authorize.href);
    expect(toLogin.status).toBe(303);
    const interaction = new URL(toLogin.headers.get('location')!, authorize).href;
    const face = { username: 'ada', image: Buffer.from(stack.fx.personA).toString('base64') };
    const answer = (await (
      await go(`${interaction}/verify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(face),
      })
    ).json()) as { decision: string; redirectTo: string };
    expect(answer.decision).toBe('granted');
    const back = await go(answer.redirectTo);
    expect(back.status).toBe(303);
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(redirectUri);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({
      iss: system.issuer,
      aud: system.client_id,
      preferred_username: 'ada',
      acr: 'urn:facegate:acr:face',
      amr: ['face'],
    });
  }, 120_000);

  it('3. checks the plain verify token with the jose block', async () => {
    const module = await importBlock('oidc-check-with-jose', oidcBlocks[2]!.code);
    const whoIs = module.whoIs as (token: string) => Promise<Record<string, unknown>>;
    const who = await whoIs(token!);
    expect(who).toMatchObject({ username: 'ada', amr: ['face'] });
    expect(who.userId).toMatch(/^usr_/);
    await expect(whoIs(`${token!.slice(0, -4)}AAAA`)).rejects.toThrow();
  });
});
