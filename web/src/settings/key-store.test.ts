import { describe, expect, it } from 'vitest';
import type { KeyStorage } from './key-store.js';
import { KeyStore } from './key-store.js';

function memoryStorage(): KeyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('KeyStore', () => {
  it('keeps keys per role, trimmed, and forgets a key set to blank', () => {
    const store = new KeyStore(memoryStorage());
    store.set('client', '  fgk_client  ');
    store.set('operator', 'fgk_op');
    expect(store.get('client')).toBe('fgk_client');
    expect(store.get('operator')).toBe('fgk_op');
    store.set('client', '   ');
    expect(store.get('client')).toBeNull();
  });

  it('imports keys from a URL fragment and returns the fragment without them', () => {
    const storage = memoryStorage();
    const store = new KeyStore(storage);
    const { rest, imported } = store.importFromFragment('#clientKey=abc&view=users&operatorKey=xyz');
    expect(imported).toEqual(['client', 'operator']);
    expect(rest).toBe('#view=users');
    expect(store.get('client')).toBe('abc');
    expect(store.get('operator')).toBe('xyz');
  });

  it('leaves a fragment without keys alone and ignores empty key parameters', () => {
    const store = new KeyStore(memoryStorage());
    expect(store.importFromFragment('#section')).toEqual({ rest: '#section', imported: [] });
    expect(store.importFromFragment('#clientKey=')).toEqual({ rest: '', imported: [] });
    expect(store.get('client')).toBeNull();
  });
});
