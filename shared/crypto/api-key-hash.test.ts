import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, isApiKeyShaped } from './api-key-hash.js';

describe('API keys', () => {
  it('generates readable, high-entropy keys with their sha256 and a short display prefix', () => {
    const { key, hash, displayPrefix } = generateApiKey();
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashApiKey(key));
    expect(key.startsWith(displayPrefix)).toBe(true);
    expect(displayPrefix.length).toBeLessThanOrEqual(12);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('hashes with sha256 (FIPS 180-2 test vector)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('tells key-shaped strings from anything else', () => {
    expect(isApiKeyShaped(generateApiKey().key)).toBe(true);
    for (const bad of [
      '',
      'fgk_',
      'Bearer fgk_x',
      `fgk_${'a'.repeat(42)}`,
      `fgk_${'a'.repeat(44)}`,
      `xyz_${'a'.repeat(43)}`,
      `fgk_${'a'.repeat(42)}=`,
    ]) {
      expect(isApiKeyShaped(bad), bad).toBe(false);
    }
  });
});
