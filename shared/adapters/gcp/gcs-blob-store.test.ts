/**
 * GcsBlobStore offline: the V4 signed upload URL is produced with a throwaway service-account key generated here,
 * then checked field by field and its signature verified with the public key over the canonical request that
 * Cloud Storage will rebuild from the client's PUT.
 */
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { blobKeys } from '../../ports/blob-store.js';
import { hostileKeys } from '../../ports/blob-store.contract.js';
import { FakeClock } from '../../ports/clock.js';
import { CONTENT_LENGTH_RANGE_HEADER, GcsBlobStore, IF_GENERATION_MATCH_HEADER } from './gcs-blob-store.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const CLIENT_EMAIL = 'uploader@facegate-test.iam.gserviceaccount.com';
const storage = new Storage({
  projectId: 'facegate-test',
  credentials: { client_email: CLIENT_EMAIL, private_key: privateKey },
});
// Signing refuses expiries in the real past, so the fake clock starts at the current whole minute.
const clock = new FakeClock(Math.floor(Date.now() / 60_000) * 60_000);
const store = new GcsBlobStore({ storage, bucket: 'facegate-captures', clock });
const key = blobKeys.enrollCapture('t1', 'u1', 'c1');
const MAX = 8 * 1024 * 1024;

/** Rebuilds Cloud Storage's V4 string-to-sign for a PUT of `url` carrying `headers`. */
function stringToSign(url: URL, headers: Record<string, string>): string {
  const query = [...url.searchParams.entries()]
    .filter(([name]) => name !== 'X-Goog-Signature')
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .sort()
    .join('&');
  const signedNames = url.searchParams.get('X-Goog-SignedHeaders')!.split(';');
  const lower = Object.fromEntries(
    Object.entries({ ...headers, host: url.host }).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const canonicalHeaders = signedNames.map((name) => `${name}:${lower[name]}\n`).join('');
  const canonicalRequest = [
    'PUT',
    url.pathname,
    query,
    canonicalHeaders,
    signedNames.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const [, scope] = /^[^/]+\/(.+)$/.exec(url.searchParams.get('X-Goog-Credential')!)!;
  return [
    url.searchParams.get('X-Goog-Algorithm'),
    url.searchParams.get('X-Goog-Date'),
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function signatureMatches(url: URL, headers: Record<string, string>): boolean {
  return createVerify('RSA-SHA256')
    .update(stringToSign(url, headers))
    .verify(publicKey, url.searchParams.get('X-Goog-Signature')!, 'hex');
}

describe('GcsBlobStore signed upload URLs (offline)', () => {
  it('signs a V4 PUT for the object path, bound to content type and size range, expiring in minutes', async () => {
    const signed = await store.createSignedUploadUrl({
      key,
      contentType: 'image/jpeg',
      maxBytes: MAX,
      expiresInSeconds: 300,
    });
    const url = new URL(signed.url);
    expect(url.origin).toBe('https://storage.googleapis.com');
    expect(url.pathname).toBe(`/facegate-captures/${key}`);
    expect(url.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256');
    expect(url.searchParams.get('X-Goog-Credential')).toMatch(
      /^uploader@facegate-test\.iam\.gserviceaccount\.com\/\d{8}\/auto\/storage\/goog4_request$/,
    );
    expect(url.searchParams.get('X-Goog-Expires')).toBe('300');
    expect(url.searchParams.get('X-Goog-SignedHeaders')!.split(';')).toEqual([
      'content-type',
      'host',
      CONTENT_LENGTH_RANGE_HEADER,
      IF_GENERATION_MATCH_HEADER,
    ]);
    const signedAt = url.searchParams.get('X-Goog-Date')!;
    expect(signedAt).toBe(
      clock
        .now()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    );

    expect(signed.method).toBe('PUT');
    expect(signed.headers).toEqual({
      'Content-Type': 'image/jpeg',
      [CONTENT_LENGTH_RANGE_HEADER]: `0,${MAX}`,
      [IF_GENERATION_MATCH_HEADER]: '0',
    });
    expect(signed.expiresAt).toBe(new Date(clock.nowMs() + 300_000).toISOString());
  });

  it('carries a signature that verifies only for the headers it was issued with', async () => {
    const signed = await store.createSignedUploadUrl({
      key,
      contentType: 'image/jpeg',
      maxBytes: MAX,
      expiresInSeconds: 120,
    });
    const url = new URL(signed.url);
    expect(signatureMatches(url, signed.headers)).toBe(true);

    expect(signatureMatches(url, { ...signed.headers, 'Content-Type': 'text/html' })).toBe(false);
    expect(signatureMatches(url, { ...signed.headers, [CONTENT_LENGTH_RANGE_HEADER]: '0,999999999' })).toBe(false);
    // Single use: the client cannot drop or change the "object must not exist" precondition.
    const { [IF_GENERATION_MATCH_HEADER]: _precondition, ...withoutPrecondition } = signed.headers;
    expect(signatureMatches(url, withoutPrecondition)).toBe(false);
    expect(signatureMatches(url, { ...signed.headers, [IF_GENERATION_MATCH_HEADER]: '1767225600000000' })).toBe(false);
    const otherUser = new URL(signed.url.replace('/users/u1/', '/users/u2/'));
    expect(signatureMatches(otherUser, signed.headers)).toBe(false);
    const longer = new URL(signed.url);
    longer.searchParams.set('X-Goog-Expires', '604800');
    expect(signatureMatches(longer, signed.headers)).toBe(false);
  });

  it('does not verify with a moved signing date, another bucket, another credential or a smaller max size', async () => {
    const signed = await store.createSignedUploadUrl({
      key,
      contentType: 'image/png',
      maxBytes: 1000,
      expiresInSeconds: 60,
    });
    const url = new URL(signed.url);
    expect(signatureMatches(url, signed.headers)).toBe(true);
    const tampered = (edit: (u: URL) => void) => {
      const copy = new URL(signed.url);
      edit(copy);
      return signatureMatches(copy, signed.headers);
    };
    // Moving X-Goog-Date later moves the expiry later: it must break the signature.
    const later = url.searchParams.get('X-Goog-Date')!.replace(/^(\d{4})/, (y) => String(Number(y) + 1));
    expect(tampered((u) => u.searchParams.set('X-Goog-Date', later))).toBe(false);
    expect(tampered((u) => (u.pathname = u.pathname.replace('/facegate-captures/', '/other-bucket/')))).toBe(false);
    expect(
      tampered((u) =>
        u.searchParams.set(
          'X-Goog-Credential',
          u.searchParams.get('X-Goog-Credential')!.replace('uploader@', 'admin@'),
        ),
      ),
    ).toBe(false);
    expect(signatureMatches(url, { ...signed.headers, [CONTENT_LENGTH_RANGE_HEADER]: '0,1001' })).toBe(false);
    expect(signatureMatches(url, { ...signed.headers, 'Content-Type': 'image/jpeg' })).toBe(false);
  });

  it('refuses hostile keys and bad requests before signing or calling the service', async () => {
    for (const hostile of hostileKeys) {
      await expect(
        store.createSignedUploadUrl({ key: hostile, contentType: 'image/jpeg', maxBytes: 10, expiresInSeconds: 60 }),
      ).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(store.get(hostile)).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(store.put(hostile, new Uint8Array(1))).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(store.delete(hostile)).rejects.toMatchObject({ code: 'invalid_key' });
    }
    await expect(store.deletePrefix('')).rejects.toMatchObject({ code: 'invalid_key' });
    await expect(
      store.createSignedUploadUrl({ key, contentType: 'image/jpeg', maxBytes: MAX, expiresInSeconds: 604_801 }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
