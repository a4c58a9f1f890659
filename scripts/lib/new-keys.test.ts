import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/load-config.js';
import { newTemplateKey, nextSigningKeys } from './new-keys.js';

describe('new stack secrets', () => {
  it('makes a template key that loadConfig accepts as 32 bytes', () => {
    const key = newTemplateKey();
    expect(loadConfig({ FACEGATE_TEMPLATE_KEY: key }).templateKey).toHaveLength(32);
    expect(newTemplateKey()).not.toBe(key);
  });

  it('starts a key list, then rotates: new key first, the previous newest kept, older ones dropped', async () => {
    const first = await nextSigningKeys();
    const second = await nextSigningKeys(first);
    const third = await nextSigningKeys(second);
    const kids = (value: string) => loadConfig({ FACEGATE_JWT_SIGNING_KEYS: value }).jwt.signingKeys?.map((k) => k.kid);
    expect(kids(first)).toHaveLength(1);
    expect(kids(second)?.[1]).toBe(kids(first)?.[0]);
    expect(kids(third)).toEqual([kids(third)?.[0], kids(second)?.[0]]);
    expect(new Set(kids(third))).toHaveLength(2);
  });

  it('refuses a current value that is not a JSON array', async () => {
    await expect(nextSigningKeys('{"kid":"x"}')).rejects.toThrow(/JSON array/);
    await expect(nextSigningKeys('nope')).rejects.toThrow(SyntaxError);
  });
});
