import { describe, expect, it } from 'vitest';
import { assertBlobKey, blobKeys, isBareMediaType, parseEnrollCaptureKey } from './blob-store.js';
import { hostileKeys } from './blob-store.contract.js';

describe('blob keys', () => {
  it('builds the per-user enrollment key of the brief and parses it back', () => {
    const key = blobKeys.enrollCapture('t-1', 'u_2', 'c3');
    expect(key).toBe('tenants/t-1/users/u_2/enroll/c3.jpg');
    expect(parseEnrollCaptureKey(key)).toEqual({ tenantId: 't-1', userId: 'u_2', captureId: 'c3', extension: 'jpg' });
    expect(key.startsWith(blobKeys.userPrefix('t-1', 'u_2'))).toBe(true);
    expect(key.startsWith(blobKeys.tenantPrefix('t-1'))).toBe(true);
  });

  it('keeps login captures under their own prefix, apart from enrollment captures (retention deletes by prefix)', () => {
    const key = blobKeys.loginCapture('t-1', 'c9');
    expect(key).toBe('login/tenants/t-1/c9.jpg');
    expect(() => assertBlobKey(key)).not.toThrow();
    expect(key.startsWith(blobKeys.loginCapturesPrefix)).toBe(true);
    expect(blobKeys.enrollCapture('t-1', 'u1', 'c9').startsWith(blobKeys.loginCapturesPrefix)).toBe(false);
    expect(parseEnrollCaptureKey(key)).toBeNull();
  });

  it('does not parse keys outside the enrollment layout', () => {
    for (const key of [
      'tenants/t1/users/u1/verify/c1.jpg',
      'tenants/t1/users/u1/enroll/c1',
      'tenants/../users/u1/enroll/c1.jpg',
      'x/tenants/t1/users/u1/enroll/c1.jpg',
      'tenants/t1/users/u1/enroll/sub/c1.jpg',
    ]) {
      expect(parseEnrollCaptureKey(key)).toBeNull();
    }
  });

  it('accepts ordinary keys and refuses hostile ones', () => {
    expect(() => assertBlobKey('tenants/t1/users/u1/enroll/c1.jpg')).not.toThrow();
    expect(() => assertBlobKey('a.b/c=d/e-f_g')).not.toThrow();
    for (const key of hostileKeys) expect(() => assertBlobKey(key), key).toThrow(/object key/);
  });

  it('recognises bare media types only', () => {
    expect(isBareMediaType('image/jpeg')).toBe(true);
    expect(isBareMediaType('image/svg+xml')).toBe(true);
    for (const value of ['image/jpeg; q=1', 'image', '/jpeg', 'image/jpeg\r\n', 42, undefined]) {
      expect(isBareMediaType(value)).toBe(false);
    }
  });
});
