/**
 * Finding 2 of issue 12 on Cloud Storage, offline: every signed upload URL binds `x-goog-if-generation-match: 0`
 * (Cloud Storage answers 412 once the object exists), and the client is told to send it. The signature checks
 * that refuse a dropped or changed precondition are in shared/adapters/gcp/gcs-blob-store.test.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { GcsBlobStore, IF_GENERATION_MATCH_HEADER } from '../../shared/adapters/gcp/gcs-blob-store.js';
import { blobKeys } from '../../shared/ports/blob-store.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const storage = new Storage({
  projectId: 'facegate-test',
  credentials: { client_email: 'uploader@facegate-test.iam.gserviceaccount.com', private_key: privateKey },
});

describe('finding 2 on Cloud Storage: upload URLs are single use', () => {
  it('signs the object-must-not-exist precondition into every upload URL', async () => {
    const store = new GcsBlobStore({ storage, bucket: 'facegate-captures' });
    const signed = await store.createSignedUploadUrl({
      key: blobKeys.enrollCapture('t1', 'u1', 'c1'),
      contentType: 'image/jpeg',
      maxBytes: 1024,
      expiresInSeconds: 300,
    });
    const signedHeaders = new URL(signed.url).searchParams.get('X-Goog-SignedHeaders')?.split(';');
    expect(signedHeaders).toContain(IF_GENERATION_MATCH_HEADER);
    expect(signed.headers[IF_GENERATION_MATCH_HEADER]).toBe('0');
  });
});
