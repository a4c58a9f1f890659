import { describe, expect, it } from 'vitest';
import type { UploadRequestFacts } from './local-upload-signature.js';
import {
  buildLocalUploadUrl,
  parseLocalUploadUrl,
  signLocalUpload,
  toSecretBytes,
  verifyLocalUpload,
} from './local-upload-signature.js';

const secret = toSecretBytes('k'.repeat(32));
const now = Date.UTC(2025, 2, 1, 12);
const key = 'tenants/t1/users/u1/enroll/c1.jpg';
const unsigned = { key, expires: now / 1000 + 300, contentType: 'image/jpeg', maxBytes: 1000 };
const url = buildLocalUploadUrl('http://localhost:8080', {
  ...unsigned,
  sig: signLocalUpload(secret, 'PUT', unsigned),
});
const facts: UploadRequestFacts = { contentType: 'image/jpeg', contentLength: 1000, now };

/** The URL with one query parameter replaced (or removed with `null`). */
function withParam(name: string, value: string | null, base = url): string {
  const changed = new URL(base);
  if (value === null) changed.searchParams.delete(name);
  else changed.searchParams.set(name, value);
  return changed.toString();
}

const codeOf = (target: string, override: Partial<UploadRequestFacts> = {}) => {
  const check = verifyLocalUpload(secret, target, { ...facts, ...override });
  return check.ok ? 'ok' : check.code;
};

describe('local signed upload URLs', () => {
  it('accept the untouched URL at the size limit and up to the expiry second', () => {
    expect(codeOf(url)).toBe('ok');
    expect(codeOf(url, { now: now + 300_000 })).toBe('ok');
    expect(codeOf(url, { contentLength: 0 })).toBe('ok');
  });

  it('refuse a changed path: another user, another tenant, traversal, an encoded slash', () => {
    expect(codeOf(url.replace('/users/u1/', '/users/u2/'))).toBe('signature_invalid');
    expect(codeOf(url.replace('/tenants/t1/', '/tenants/t2/'))).toBe('signature_invalid');
    expect(codeOf(url.replace('/users/u1/', '/users/u2/../u1/'))).toBe('ok'); // normalised by the URL parser to the same key
    expect(codeOf(url.replace('/enroll/c1.jpg', '/enroll/../../u2/enroll/c1.jpg'))).toBe('signature_invalid');
    expect(codeOf(url.replace('/enroll/c1.jpg', '/enroll%2Fc1.jpg'))).toBe('ok'); // decodes to the same key
    expect(codeOf(url.replace('/enroll/c1.jpg', '/enroll/%2e%2e%2fx.jpg'))).toBe('malformed_url');
    expect(codeOf(url.replace('/_local/uploads/', '/_local/other/'))).toBe('malformed_url');
  });

  it('refuse a changed expiry and an expired URL', () => {
    expect(codeOf(withParam('expires', String(unsigned.expires + 3600)))).toBe('signature_invalid');
    expect(codeOf(url, { now: now + 301_000 })).toBe('url_expired');
    expect(codeOf(url, { now: new Date(now + 86_400_000) })).toBe('url_expired');
  });

  it('refuse a changed content type, in the URL or in the request', () => {
    expect(codeOf(withParam('ct', 'text/html'))).toBe('signature_invalid');
    for (const contentType of ['image/png', 'IMAGE/JPEG', 'image/jpeg; charset=utf-8', '', undefined]) {
      expect(codeOf(url, { contentType })).toBe('content_type_mismatch');
    }
  });

  it('refuse a raised size limit, a body over the limit and an unknown length', () => {
    expect(codeOf(withParam('max', '1000000000'))).toBe('signature_invalid');
    expect(codeOf(url, { contentLength: 1001 })).toBe('too_large');
    expect(codeOf(url, { contentLength: undefined })).toBe('length_required');
    expect(codeOf(url, { contentLength: -1 })).toBe('length_required');
    expect(codeOf(url, { contentLength: Number.NaN })).toBe('length_required');
  });

  it('refuse a tampered, truncated, non-canonical or foreign signature, and another method', () => {
    const sig = new URL(url).searchParams.get('sig')!;
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    expect(codeOf(withParam('sig', flip(sig.charAt(0)) + sig.slice(1)))).toBe('signature_invalid');
    expect(codeOf(withParam('sig', sig.slice(0, -2)))).toBe('signature_invalid');
    // The last of 43 base64url characters carries 4 significant bits; its 2 spare bits must be zero.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const spare = alphabet[alphabet.indexOf(sig.at(-1)!) ^ 1];
    expect(codeOf(withParam('sig', sig.slice(0, -1) + spare))).toBe('signature_invalid');
    expect(codeOf(withParam('sig', `${sig}=`))).toBe('signature_invalid');
    const other = toSecretBytes('z'.repeat(32));
    const forged = buildLocalUploadUrl('http://localhost:8080', {
      ...unsigned,
      sig: signLocalUpload(other, 'PUT', unsigned),
    });
    expect(codeOf(forged)).toBe('signature_invalid');
    expect(codeOf(url, { method: 'GET' })).toBe('signature_invalid');
    expect(codeOf(url, { method: 'POST' })).toBe('signature_invalid');
  });

  it('treat missing, duplicated, extra or non-canonical parameters as malformed', () => {
    expect(codeOf(withParam('sig', null))).toBe('malformed_url');
    expect(codeOf(withParam('max', null))).toBe('malformed_url');
    expect(codeOf(`${url}&ct=text/html`)).toBe('malformed_url');
    expect(codeOf(`${url}&debug=1`)).toBe('malformed_url');
    expect(codeOf(withParam('max', '01000'))).toBe('malformed_url');
    expect(codeOf(withParam('expires', '1e10'))).toBe('malformed_url');
    expect(codeOf(withParam('ct', 'image/jpeg\nx'))).toBe('malformed_url');
    for (const garbage of ['', 'not a url', 'http://[::1', '/_local/uploads/', '/_local/uploads/%E0%A4%A']) {
      expect(codeOf(garbage)).toBe('malformed_url');
    }
  });

  it('parse a request target as well as an absolute URL', () => {
    const target = new URL(url);
    expect(parseLocalUploadUrl(target.pathname + target.search)).toEqual(parseLocalUploadUrl(url));
    expect(parseLocalUploadUrl(url)).toMatchObject({ key, maxBytes: 1000, contentType: 'image/jpeg' });
  });
});
