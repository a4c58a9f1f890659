/**
 * Helpers shared by the attack replays in tests/security: a harness on the database a suite runs against, uploads
 * through the signed URL exactly as the dev server takes them, and device keys made with WebCrypto.
 */
import { webcrypto } from 'node:crypto';
import { AppError } from '../../shared/app/app-error.js';
import type { EnrollmentStarted } from '../../shared/app/facegate-app.js';
import { securityHarness, type Harness, type HarnessOptions } from '../../shared/app/security-harness.test-support.js';
import { LocalUploadReceiver } from '../../shared/local/local-upload-receiver.js';

/** Runs `run` with the URL of a fresh database (SQLite in memory, or a throwaway MariaDB database). */
export type WithDatabase = (run: (url: string) => Promise<void>) => Promise<void>;

export const withSqliteMemory: WithDatabase = (run) => run('sqlite::memory:');

/** A security harness on the suite's database, closed afterwards whatever happens. */
export async function withHarness(
  withDatabase: WithDatabase,
  run: (h: Harness) => Promise<void>,
  options: HarnessOptions = {},
): Promise<void> {
  await withDatabase(async (databaseUrl) => {
    const h = await securityHarness({ ...options, databaseUrl });
    try {
      await run(h);
    } finally {
      await h.close();
    }
  });
}

/** PUTs `bytes` to a signed upload URL through the dev server's receiver. @returns the object's generation. */
export async function putToSignedUrl(
  h: Harness,
  started: Pick<EnrollmentStarted, 'upload'>,
  bytes: Uint8Array,
): Promise<{ key: string; generation: string }> {
  const url = new URL(started.upload.url);
  return new LocalUploadReceiver(h.blobs, h.clock).receive({
    pathAndQuery: url.pathname + url.search,
    contentType: started.upload.headers['Content-Type'],
    contentLength: bytes.length,
    body: bytes,
  });
}

/** Uploads `bytes` and runs the embed step for that object generation, as the bucket notification would. */
export async function uploadAndEmbed(h: Harness, started: EnrollmentStarted, bytes: Uint8Array): Promise<string> {
  const written = await putToSignedUrl(h, started, bytes);
  await h.app.onObjectFinalized({
    name: written.key,
    generation: written.generation,
    contentType: started.upload.headers['Content-Type'],
    size: bytes.length,
  });
  return (await h.app.getEnrollment(h.client, started.enrollmentId)).status;
}

/** The public JWK of a fresh ECDSA P-256 device key. */
export async function newDeviceJwk(): Promise<object> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { kty, crv, x, y } = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
  return { kty, crv, x, y };
}

/** The AppError `promise` rejects with; fails when it resolves or rejects with anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => new Error(`expected an AppError, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
  if (!(outcome instanceof AppError)) throw outcome;
  return outcome;
}
