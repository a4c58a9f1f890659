import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDevicePublicKey } from '../../../shared/app/possession/device-public-key.js';
import { possessionMessage } from '../../../shared/app/possession/possession-message.js';
import { verifyPossessionSignature } from '../../../shared/app/possession/verify-possession-signature.js';
import { ApiError } from '../api/api-error.js';
import type { Challenge } from '../api/wire-types.js';
import { createDeviceKey } from './device-key.js';
import { gatherLoginFactors, type LoginFactorSources, type TurnPrompt } from './login-factors.js';

const subtle = webcrypto.subtle as SubtleCrypto;
const challenge: Challenge = {
  challengeId: 'chl_1',
  nonce: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY',
  tenantId: 'ten_a',
  expiresAt: '2026-01-01T00:02:00.000Z',
};

function sources(overrides: Partial<LoginFactorSources> = {}): LoginFactorSources & { prompts: TurnPrompt[] } {
  const prompts: TurnPrompt[] = [];
  return {
    prompts,
    createChallenge: () => Promise.resolve(challenge),
    loadKey: () => Promise.resolve(null),
    turnFrames: (prompt) => {
      prompts.push(prompt);
      return Promise.resolve([new Blob(['f1']), new Blob(['f2'])]);
    },
    subtle,
    ...overrides,
  };
}

describe('gatherLoginFactors', () => {
  it('signs the challenge with the enrolled key so that the server accepts it', async () => {
    const key = await createDeviceKey(subtle);
    const factors = await gatherLoginFactors('Alice', sources({ loadKey: () => Promise.resolve(key) }));
    expect(factors.challengeId).toBe('chl_1');
    expect(factors.frames).toBeUndefined();
    const message = possessionMessage({ ...challenge, username: 'alice' });
    expect(await verifyPossessionSignature(parseDevicePublicKey(key.publicJwk), message, factors.signature!)).toBe(
      true,
    );
  });

  it('sends the challenge alone without a key, also when the key store fails', async () => {
    expect(await gatherLoginFactors('bob', sources())).toEqual({ challengeId: 'chl_1' });
    expect(
      await gatherLoginFactors('bob', sources({ loadKey: () => Promise.reject(new Error('no IndexedDB')) })),
    ).toEqual({ challengeId: 'chl_1' });
  });

  it('asks for the prompted head turn and sends its frames', async () => {
    const s = sources({ createChallenge: () => Promise.resolve({ ...challenge, prompt: 'turn_right' }) });
    const factors = await gatherLoginFactors('carol', s);
    expect(s.prompts).toEqual(['turn_right']);
    expect(factors.frames).toHaveLength(2);
  });

  it('logs in with the face alone when the service has no challenges, and passes other errors on', async () => {
    const missing = new ApiError(404, 'not_found', 'no route');
    expect(await gatherLoginFactors('dan', sources({ createChallenge: () => Promise.reject(missing) }))).toEqual({});
    const down = new ApiError(0, 'network_error', 'offline');
    await expect(gatherLoginFactors('dan', sources({ createChallenge: () => Promise.reject(down) }))).rejects.toBe(
      down,
    );
  });
});
