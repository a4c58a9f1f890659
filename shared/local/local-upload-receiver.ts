/**
 * The local stand-in for a signed Cloud Storage PUT: checks the URL's HMAC signature, expiry, content type and
 * size exactly as strictly as GCS would, then stores the object (which fires the finalize notification).
 */
import { AppError, type AppErrorStatus } from '../app/app-error.js';
import type { FsBlobStore } from '../adapters/local/fs-blob-store.js';
import type { SignedUploadErrorCode } from '../adapters/local/local-upload-signature.js';
import { BlobStoreError } from '../ports/blob-store.js';
import type { Clock } from '../ports/clock.js';

const STATUS: Record<SignedUploadErrorCode, AppErrorStatus> = {
  malformed_url: 400,
  signature_invalid: 403,
  url_expired: 403,
  content_type_mismatch: 415,
  too_large: 413,
  length_required: 400,
};

export interface LocalUploadRequest {
  /** Request target as received, e.g. `/_local/uploads/tenants/…?expires=…&sig=…`. */
  pathAndQuery: string;
  contentType: string | undefined;
  contentLength: number | undefined;
  body: Uint8Array;
}

export class LocalUploadReceiver {
  constructor(
    private readonly blobs: FsBlobStore,
    private readonly clock: Clock,
  ) {}

  /** Largest body any URL could allow, so the server can refuse to buffer more before checking. */
  check(req: Omit<LocalUploadRequest, 'body'>): { key: string; contentType: string; maxBytes: number } {
    const result = this.blobs.verifySignedUpload(new URL(req.pathAndQuery, 'http://local'), {
      method: 'PUT',
      contentType: req.contentType,
      contentLength: req.contentLength,
      now: this.clock.nowMs(),
    });
    if (!result.ok) throw new AppError(STATUS[result.code], result.code, result.message);
    return result;
  }

  async receive(req: LocalUploadRequest): Promise<{ key: string; generation: string }> {
    const checked = this.check({ ...req, contentLength: req.contentLength ?? req.body.length });
    if (req.body.length > checked.maxBytes)
      throw new AppError(413, 'too_large', `body exceeds ${checked.maxBytes} bytes`);
    if (req.contentLength !== undefined && req.contentLength !== req.body.length) {
      throw new AppError(400, 'length_mismatch', 'Content-Length does not match the body');
    }
    // Like the `x-goog-if-generation-match: 0` a signed GCS URL carries: a URL creates its object once, never again.
    const written = await this.blobs
      .put(checked.key, req.body, { contentType: checked.contentType, ifGenerationMatch: '0' })
      .catch((err: unknown) => {
        if (err instanceof BlobStoreError && err.code === 'precondition_failed')
          throw new AppError(412, 'precondition_failed', 'This upload URL was used already: start again');
        throw err;
      });
    return { key: written.key, generation: written.generation };
  }
}
