/**
 * The browser's signing code under Node's WebCrypto (the same API), checked against the server's own verifier and
 * message builder: what the web client signs is exactly what the service accepts.
 */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDevicePublicKey } from '../../../shared/app/possession/device-public-key.js';
import { possessionMessage as serverMessage } from '../../../shared/app/possession/possession-message.js';
import { verifyPossessionSignature } from '../../../shared/app/possession/verify-possession-signature.js';
import { normalizeUsername } from '../../../shared/domain/user.js';
import { createDeviceKey, signChallenge } from './device-key.js';

const subtle = webcrypto.subtle as SubtleCrypto;
const challenge = { challengeId: 'chl_0123', nonce: 'bm9uY2Utbm9uY2Utbm9uY2Utbm9uY2Utbm9uY2UtMDE', tenantId: 'ten_a' };

describe('device key', () => {
  it('is non-extractable, and its public JWK is one the server registers', async () => {
    const key = await createDeviceKey(subtle);
    expect(key.privateKey.extractable).toBe(false);
    await expect(subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(parseDevicePublicKey(key.publicJwk)).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: key.publicJwk.x,
      y: key.publicJwk.y,
    });
  });

  it('signs a challenge the server accepts for that user only', async () => {
    const key = await createDeviceKey(subtle);
    const publicJwk = parseDevicePublicKey(key.publicJwk);
    const signature = await signChallenge(key.privateKey, challenge, '  Alice ', subtle);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const message = (username: string) => serverMessage({ ...challenge, username });
    expect(await verifyPossessionSignature(publicJwk, message('alice'), signature)).toBe(true);
    expect(await verifyPossessionSignature(publicJwk, message('bob'), signature)).toBe(false);
    const other = parseDevicePublicKey((await createDeviceKey(subtle)).publicJwk);
    expect(await verifyPossessionSignature(other, message('alice'), signature)).toBe(false);
  });

  it('signs under the username the server stores, whatever the spelling typed', async () => {
    const key = await createDeviceKey(subtle);
    const publicJwk = parseDevicePublicKey(key.publicJwk);
    for (const raw of ['ÉLODIE ', 'e\u0301lodie']) {
      const signature = await signChallenge(key.privateKey, challenge, raw, subtle);
      const stored = normalizeUsername(raw);
      expect(stored).toBe('élodie');
      expect(
        await verifyPossessionSignature(publicJwk, serverMessage({ ...challenge, username: stored! }), signature),
      ).toBe(true);
    }
  });
});
