import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  InvalidPasswordError,
  MalformedPasswordHashError,
  needsRehash,
  PASSWORD_MAX_LENGTH,
  verifyPassword,
} from './password-hash.js';

/** Cheaper than the default so the suite stays fast; the default is exercised once below. */
const FAST = { ln: 12, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one, with the default (memory-hard) cost', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    // 128 · N · r bytes of memory: 32 MiB at the default.
    expect(128 * 2 ** DEFAULT_SCRYPT_PARAMS.ln * DEFAULT_SCRYPT_PARAMS.r).toBe(32 * 1024 * 1024);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('is real scrypt (RFC 7914 test vector, parameters read from the string)', async () => {
    const salt = Buffer.from('SodiumChloride').toString('base64');
    const digest = Buffer.from(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
      'hex',
    ).toString('base64');
    const encoded = `$scrypt$ln=14,r=8,p=1$${salt}$${digest}`;
    expect(await verifyPassword('pleaseletmein', encoded)).toBe(true);
    expect(await verifyPassword('pleaseletmeout', encoded)).toBe(false);
  });

  it('treats canonically equivalent spellings as the same password (NFKC)', async () => {
    const encoded = await hashPassword('caf\u00e9 \ufb01le', FAST);
    expect(await verifyPassword('cafe\u0301 file', encoded)).toBe(true);
  });

  it('refuses empty and oversized passwords when hashing, and just fails to verify them', async () => {
    await expect(hashPassword('', FAST)).rejects.toBeInstanceOf(InvalidPasswordError);
    await expect(hashPassword('x'.repeat(PASSWORD_MAX_LENGTH + 1), FAST)).rejects.toBeInstanceOf(InvalidPasswordError);
    const encoded = await hashPassword('x', FAST);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('detects a tampered digest', async () => {
    const encoded = await hashPassword('secret', FAST);
    const parts = encoded.split('$');
    const digest = Buffer.from(parts[4]!, 'base64');
    digest[0] = digest[0]! ^ 1;
    parts[4] = digest.toString('base64');
    expect(await verifyPassword('secret', parts.join('$'))).toBe(false);
  });

  it.each([
    'plaintext',
    '$argon2id$v=19$m=65536,t=3,p=4$abc$def',
    '$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ=$ZGlnZXN0ZGlnZXN0ZGlnZXN0',
    '$scrypt$ln=20,r=32,p=1$c2FsdHNhbHQ=$ZGlnZXN0ZGlnZXN0ZGlnZXN0',
    '$scrypt$ln=14,r=8,p=1$c2E=$ZGlnZXN0ZGlnZXN0ZGlnZXN0',
  ])('refuses a malformed or absurd stored hash %s', async (encoded) => {
    await expect(verifyPassword('x', encoded)).rejects.toBeInstanceOf(MalformedPasswordHashError);
  });

  it('says when a hash is weaker than the current parameters', async () => {
    const weak = await hashPassword('x', FAST);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });
});
