/**
 * The enrollment photo goes straight to the signed URL (Cloud Storage, or the local stack's stand-in) with exactly
 * the headers the server signed, and without the API key: the URL is the permission.
 */
import { FaceGateError } from './errors.js';
import type { FetchLike } from './http-client.js';
import type { SignedUpload } from './wire-types.js';

/** Headers fetch sets itself and browsers refuse to let scripts set; the signature covers them anyway. */
const TRANSPORT_HEADERS = new Set(['content-length', 'host', 'connection']);

/** Uploads `body`; a function of this shape can replace it (the web client's XMLHttpRequest one reports progress). */
export type SignedUploader = (upload: SignedUpload, body: Blob, signal?: AbortSignal) => Promise<void>;

/** The default uploader: one fetch PUT. */
export function fetchUploader(fetchImpl: FetchLike): SignedUploader {
  return async (upload, body, signal) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(upload.headers)) {
      if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
    let response: Response;
    try {
      response = await fetchImpl(upload.url, { method: upload.method, headers, body, signal });
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
      throw new FaceGateError(
        0,
        'network_error',
        'The photo could not be uploaded. Check your connection and try again.',
      );
    }
    if (!response.ok) throw uploadError(response.status, await response.text().catch(() => ''));
  };
}

/** Local uploads answer with the JSON error envelope; Cloud Storage with XML, so fall back to the status. */
export function uploadError(status: number, text: string): FaceGateError {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string') {
      return new FaceGateError(status, parsed.error.code, parsed.error.message);
    }
  } catch {
    // Not JSON: described by the status below.
  }
  const code =
    status === 413
      ? 'upload_too_large'
      : status === 403
        ? 'upload_expired'
        : status === 412
          ? 'precondition_failed'
          : `http_${status}`;
  return new FaceGateError(status, code, `The upload was refused (${status})`);
}
