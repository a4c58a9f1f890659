import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseTemplateKey,
  TemplateCipher,
  TemplateDecryptError,
  TemplateKeyError,
  type TemplateBinding,
} from './template-cipher.js';

const binding: TemplateBinding = { tenantId: 'ten_a', userId: 'usr_a', modelVersion: 'frnet-1', templateId: 'tpl_a' };
const key = randomBytes(32);
const cipher = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: key } });

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function sample(dims = 128): Float32Array {
  return Float32Array.from({ length: dims }, () => Math.random() * 2 - 1);
}

describe('TemplateCipher', () => {
  it('round-trips every bit, including -0, subnormals, extremes and NaN payloads', () => {
    const values = new Float32Array([0, -0, 1.401298464324817e-45, 3.4028234663852886e38, -1e-30, Math.E]);
    const nanBits = new Uint32Array([0x7fc00001]);
    const withNaN = new Float32Array(7);
    withNaN.set(values);
    new Uint32Array(withNaN.buffer)[6] = nanBits[0]!;
    const sealed = cipher.encrypt(withNaN, binding);
    expect(bytesOf(cipher.decrypt(sealed, binding, withNaN.length))).toEqual(bytesOf(withNaN));
  });

  it('encrypts a view into a larger buffer at an odd offset correctly', () => {
    const backing = sample(20);
    const view = backing.subarray(3, 13);
    const opened = cipher.decrypt(cipher.encrypt(view, binding), binding, 10);
    expect(bytesOf(opened)).toEqual(bytesOf(view));
  });

  it('uses a fresh IV each time and hides the plaintext', () => {
    const embedding = sample();
    const a = cipher.encrypt(embedding, binding);
    const b = cipher.encrypt(embedding, binding);
    expect(a.sealed.equals(b.sealed)).toBe(false);
    expect(a.sealed.subarray(1, 13).equals(b.sealed.subarray(1, 13))).toBe(false);
    expect(a.sealed.includes(Buffer.from(bytesOf(embedding)).subarray(0, 8))).toBe(false);
    expect(a.sealed.length).toBe(1 + 12 + 128 * 4 + 16);
    expect(a.keyId).toBe('k1');
  });

  it.each(['tenantId', 'userId', 'modelVersion', 'templateId'] as const)(
    'refuses a ciphertext moved to a row with another %s',
    (field) => {
      const sealed = cipher.encrypt(sample(), binding);
      expect(() => cipher.decrypt(sealed, { ...binding, [field]: `${binding[field]}x` }, 128)).toThrow(
        TemplateDecryptError,
      );
    },
  );

  it('does not let ids run into each other in the bound data', () => {
    const sealed = cipher.encrypt(sample(), { ...binding, tenantId: 'ten_a', userId: 'usr_a' });
    expect(() => cipher.decrypt(sealed, { ...binding, tenantId: 'ten_au', userId: 'sr_a' }, 128)).toThrow(
      TemplateDecryptError,
    );
  });

  it('detects a flipped bit anywhere: version, IV, ciphertext or tag', () => {
    const sealed = cipher.encrypt(sample(16), binding);
    for (const index of [0, 1, 12, 13, 40, sealed.sealed.length - 1]) {
      const tampered = Buffer.from(sealed.sealed);
      tampered[index] = tampered[index]! ^ 0x80;
      expect(() => cipher.decrypt({ ...sealed, sealed: tampered }, binding, 16), `byte ${index}`).toThrow(
        TemplateDecryptError,
      );
    }
  });

  it('refuses truncated input, a wrong dimension and an unknown key id', () => {
    const sealed = cipher.encrypt(sample(16), binding);
    expect(() => cipher.decrypt({ ...sealed, sealed: sealed.sealed.subarray(0, 40) }, binding, 16)).toThrow(
      TemplateDecryptError,
    );
    expect(() => cipher.decrypt(sealed, binding, 15)).toThrow(TemplateDecryptError);
    expect(() => cipher.decrypt({ ...sealed, keyId: 'k9' }, binding, 16)).toThrow(TemplateDecryptError);
    const otherKey = new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
    expect(() => otherKey.decrypt(sealed, binding, 16)).toThrow(TemplateDecryptError);
  });

  it('rotates: seals under the active key and still opens rows of retired keys', () => {
    const old = cipher.encrypt(sample(8), binding);
    const rotated = new TemplateCipher({ activeKeyId: 'k2', keys: { k1: key, k2: randomBytes(32) } });
    expect(rotated.decrypt(old, binding, 8)).toEqual(cipher.decrypt(old, binding, 8));
    expect(rotated.encrypt(sample(8), binding).keyId).toBe('k2');
  });

  it('refuses an unusable keyring', () => {
    expect(() => new TemplateCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(31) } })).toThrow(TemplateKeyError);
    expect(() => new TemplateCipher({ activeKeyId: 'k2', keys: { k1: randomBytes(32) } })).toThrow(TemplateKeyError);
    expect(() => new TemplateCipher({ activeKeyId: 'bad id', keys: { 'bad id': randomBytes(32) } })).toThrow(
      TemplateKeyError,
    );
  });
});

describe('parseTemplateKey', () => {
  it('reads 32 bytes from hex, base64 and base64url', () => {
    const raw = randomBytes(32);
    expect(parseTemplateKey(raw.toString('hex'))).toEqual(raw);
    expect(parseTemplateKey(raw.toString('base64'))).toEqual(raw);
    expect(parseTemplateKey(` ${raw.toString('base64url')}\n`)).toEqual(raw);
  });

  it.each(['', 'secret', randomBytes(16).toString('hex'), randomBytes(33).toString('base64'), 'z'.repeat(64)])(
    'refuses %j',
    (text) => {
      expect(() => parseTemplateKey(text)).toThrow(TemplateKeyError);
    },
  );
});

describe('TemplateCipher.reseal', () => {
  it('moves a ciphertext to the active key with a fresh IV, bound to the same row', () => {
    const k2 = randomBytes(32);
    const rotated = new TemplateCipher({ activeKeyId: 'k2', keys: { k1: key, k2 } });
    const embedding = sample(16);
    const old = cipher.encrypt(embedding, binding);
    const moved = rotated.reseal(old, binding, 16);
    expect(moved.keyId).toBe('k2');
    expect(moved.sealed.subarray(1, 13).equals(old.sealed.subarray(1, 13))).toBe(false);
    expect(bytesOf(new TemplateCipher({ activeKeyId: 'k2', keys: { k2 } }).decrypt(moved, binding, 16))).toEqual(
      bytesOf(embedding),
    );
    expect(() => rotated.reseal(old, { ...binding, userId: 'usr_b' }, 16)).toThrow(TemplateDecryptError);
    expect(rotated.keyIds.sort()).toEqual(['k1', 'k2']);
  });
});
