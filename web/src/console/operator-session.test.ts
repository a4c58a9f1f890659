import { describe, expect, it } from 'vitest';
import { OperatorSession, type SessionStorageLike } from './operator-session.js';

function memoryStorage(): SessionStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('OperatorSession', () => {
  it('keeps the trimmed key until sign-out', () => {
    const storage = memoryStorage();
    const session = new OperatorSession(storage);
    expect(session.key()).toBeNull();
    session.signIn('  fgk_abc  ');
    expect(session.key()).toBe('fgk_abc');
    expect(new OperatorSession(storage).key()).toBe('fgk_abc');
    session.signOut();
    expect(session.key()).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('treats a blank stored value as signed out', () => {
    const storage = memoryStorage();
    storage.setItem('facegate.operatorKey', '   ');
    expect(new OperatorSession(storage).key()).toBeNull();
  });
});
