/**
 * The composition root with a deployed stack's keys: every instance must sign with the keys Secret Manager hands
 * it (FACEGATE_JWT_SIGNING_KEYS), never with a key of its own, or tokens from one instance would not verify
 * against another instance's JWKS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './app/logger.js';
import { generateSigningJwk } from './auth/signing-keys.js';
import { buildComposition, type Composition } from './compose.js';
import { createFaceEngine } from './face/create-face-engine.js';

let dataDir: string;
let stacks: Composition[];
let kids: string[];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'fg-compose-'));
  const keys = [await generateSigningJwk(), await generateSigningJwk()];
  kids = keys.map((k) => k.kid!);
  const engine = await createFaceEngine();
  const env = (instance: string) => ({
    FACEGATE_DATA_DIR: path.join(dataDir, instance),
    FACEGATE_DB_URL: `sqlite:${path.join(dataDir, 'shared.sqlite')}`,
    FACEGATE_JWT_SIGNING_KEYS: JSON.stringify(keys),
  });
  stacks = [];
  for (const instance of ['one', 'two']) {
    stacks.push(await buildComposition(env(instance), { engine, log: silentLogger }));
  }
});

afterAll(async () => {
  for (const stack of stacks) await stack.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('compose with deployed signing keys', () => {
  it('publishes the deployed keys, newest first, from every instance', async () => {
    for (const stack of stacks) {
      const { keys } = await stack.app.jwks();
      expect(keys.map((k) => (k as { kid: string }).kid)).toEqual(kids);
    }
  });

  it('keeps no signing key of its own in the data dir', async () => {
    for (const instance of ['one', 'two']) {
      const file = await readFile(path.join(dataDir, instance, 'secrets.json'), 'utf8').catch(() => '{}');
      expect(JSON.parse(file)).not.toHaveProperty('signingKeys');
    }
  });
});
