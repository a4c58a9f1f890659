/**
 * The device key a browser registers at enrollment: the public half of a P-256 ECDSA key, as WebCrypto exports it
 * (`crypto.subtle.exportKey('jwk', publicKey)`). Checked strictly: EC on P-256, coordinates of exactly 32 bytes
 * that name a point on the curve, and never a private member (`d`) — a client that sends one has leaked its key.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { DevicePublicJwk } from '../../domain/device-key.js';
import { badRequest } from '../app-error.js';

/** base64url of 32 bytes: 43 characters, no padding. */
const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be base64url of 32 bytes');

const publicJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: coordinate,
  y: coordinate,
  // Members WebCrypto adds on export; harmless, accepted only with the values a public verify key has.
  alg: z.literal('ES256').optional(),
  ext: z.boolean().optional(),
  key_ops: z.array(z.literal('verify')).max(1).optional(),
  use: z.literal('sig').optional(),
});

/**
 * @returns the key reduced to `{kty, crv, x, y}`.
 * @throws AppError 400 `invalid_device_key` for anything else, naming what is wrong.
 */
export function parseDevicePublicKey(raw: unknown): DevicePublicJwk {
  if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, 'd')) {
    throw badRequest('invalid_device_key', 'deviceKey must be a public key: it has a private member "d"');
  }
  const parsed = publicJwk.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: ['deviceKey', ...i.path].join('.'), message: i.message }));
    throw badRequest('invalid_device_key', 'deviceKey must be a public EC P-256 JWK', details);
  }
  const { kty, crv, x, y } = parsed.data;
  const key: DevicePublicJwk = { kty, crv, x, y };
  try {
    // Refuses coordinates that are not a point on P-256 (an invalid-curve key must never be stored).
    createPublicKey({ key: { ...key }, format: 'jwk' });
  } catch {
    throw badRequest('invalid_device_key', 'deviceKey is not a point on the P-256 curve');
  }
  return key;
}
