/**
 * The README's "Add FaceGate to your app", followed word for word against `npm start`'s server: its code blocks are
 * taken out of README.md and run in order, with only the placeholders the section names replaced
 * (`https://facegate.example.com` → the server, `ten_your_tenant` → its demo tenant, `fgpk_your_publishable_key` →
 * the key the first block prints). The page block runs as a page on the origin the key was made for would: every
 * request carries that Origin. Change the section and this test runs the new text.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';
import { startSdkStack, type SdkStack } from './support/sdk-stack.js';

const exec = promisify(execFile);
const SECTION = '## Add FaceGate to your app';

interface Block {
  lang: string;
  code: string;
}

/** The fenced code blocks of the README section, in order. */
async function sectionBlocks(): Promise<Block[]> {
  const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

let stack: SdkStack;
let blocks: Block[];
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
  [stack, blocks] = await Promise.all([startSdkStack(), sectionBlocks()]);
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
  let token: string | undefined;

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
