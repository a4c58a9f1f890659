/**
 * BlobStore on Cloud Storage. Uploads go straight from the client to the bucket with V4 signed PUT URLs bound to
 * the exact content type and, through the `x-goog-content-length-range` extension header, to a size range; the
 * bucket's finalize event then triggers the embed function.
 *
 * Signing needs a credential that can sign: a service-account key, or on Cloud Functions the runtime service
 * account with `iam.serviceAccounts.signBlob` on itself (the library calls the IAM API).
 */
import type { File, Storage } from '@google-cloud/storage';
import type {
  BlobGenerationOptions,
  BlobPutOptions,
  BlobStore,
  BlobWriteResult,
  SignedUpload,
  SignedUploadRequest,
} from '../../ports/blob-store.js';
import { BlobStoreError, assertBlobKey, assertBlobPrefix, assertSignedUploadRequest } from '../../ports/blob-store.js';
import type { Clock } from '../../ports/clock.js';
import { systemClock } from '../../ports/clock.js';

export interface GcsBlobStoreOptions {
  /** A configured client (tests pass one with fake credentials; production uses `new Storage()`). */
  storage: Storage;
  bucket: string;
  clock?: Clock;
  /** Parallel deletes in `deletePrefix` (default 16). */
  deleteConcurrency?: number;
}

/** Header the client must send with the signed PUT; Cloud Storage refuses bodies outside the range. */
export const CONTENT_LENGTH_RANGE_HEADER = 'x-goog-content-length-range';

/**
 * Signed into every upload URL with the value `0`: Cloud Storage then accepts the PUT only while no object has the
 * name (412 otherwise), so a URL is single use and cannot replace a photo that was already checked.
 */
export const IF_GENERATION_MATCH_HEADER = 'x-goog-if-generation-match';

export class GcsBlobStore implements BlobStore {
  private readonly clock: Clock;

  constructor(private readonly options: GcsBlobStoreOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async createSignedUploadUrl(request: SignedUploadRequest): Promise<SignedUpload> {
    assertSignedUploadRequest(request);
    // Whole seconds: X-Goog-Date has no milliseconds, so the URL's expiry is exactly `expiresAt` below.
    const accessibleAt = Math.floor(this.clock.nowMs() / 1000) * 1000;
    const expires = accessibleAt + request.expiresInSeconds * 1000;
    const range = `0,${request.maxBytes}`;
    const extensionHeaders = { [CONTENT_LENGTH_RANGE_HEADER]: range, [IF_GENERATION_MATCH_HEADER]: '0' };
    const [url] = await this.file(request.key).getSignedUrl({
      version: 'v4',
      action: 'write',
      contentType: request.contentType,
      extensionHeaders,
      accessibleAt,
      expires,
    });
    return {
      url,
      method: 'PUT',
      headers: { 'Content-Type': request.contentType, ...extensionHeaders },
      expiresAt: new Date(expires).toISOString(),
    };
  }

  async put(key: string, bytes: Uint8Array, options: BlobPutOptions = {}): Promise<BlobWriteResult> {
    const file = this.file(key);
    await file
      .save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        resumable: false,
        contentType: options.contentType ?? 'application/octet-stream',
        ...(options.ifGenerationMatch === undefined
          ? {}
          : { preconditionOpts: { ifGenerationMatch: Number(options.ifGenerationMatch) } }),
      })
      .catch((error: unknown) => {
        if (statusOf(error) === 412) throw new BlobStoreError('precondition_failed', 'the object generation differs');
        throw error;
      });
    const generation = file.metadata.generation ?? (await file.getMetadata())[0].generation;
    return { key, generation: String(generation), size: bytes.byteLength };
  }

  async get(key: string, options: BlobGenerationOptions = {}): Promise<Uint8Array | null> {
    try {
      const [contents] = await this.file(key, options.generation).download();
      return new Uint8Array(contents.buffer, contents.byteOffset, contents.byteLength);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    const [exists] = await this.file(key).exists();
    return exists;
  }

  async delete(key: string, options: BlobGenerationOptions = {}): Promise<void> {
    if (options.generation === undefined) {
      await this.file(key).delete({ ignoreNotFound: true });
      return;
    }
    // Only while it is still that generation: a newer object under the name is somebody else's business.
    await this.file(key)
      .delete({ ignoreNotFound: true, ifGenerationMatch: Number(options.generation) })
      .catch((error: unknown) => {
        if (statusOf(error) !== 412) throw error;
      });
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    const [files] = await this.options.storage.bucket(this.options.bucket).getFiles({ prefix, autoPaginate: true });
    const batch = this.options.deleteConcurrency ?? 16;
    for (let i = 0; i < files.length; i += batch) {
      await Promise.all(files.slice(i, i + batch).map((file) => file.delete({ ignoreNotFound: true })));
    }
    return files.length;
  }

  private file(key: string, generation?: string): File {
    assertBlobKey(key);
    const bucket = this.options.storage.bucket(this.options.bucket);
    return generation === undefined ? bucket.file(key) : bucket.file(key, { generation: Number(generation) });
  }
}

function statusOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}
