/**
 * Uploads the enrollment photo straight to the signed URL (Cloud Storage, or the local stand-in) with exactly the
 * headers the server signed. XMLHttpRequest rather than fetch because only it reports upload progress.
 */
import { ApiError } from './api-error.js';
import type { SignedUpload } from './wire-types.js';

/** Called with the fraction sent, 0..1. */
export type ProgressListener = (fraction: number) => void;

/** Headers the browser sets itself and refuses to let scripts set; the signature covers them anyway. */
const BROWSER_CONTROLLED = new Set(['content-length', 'host', 'connection']);

export function uploadToSignedUrl(upload: SignedUpload, body: Blob, onProgress: ProgressListener): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) {
      if (!BROWSER_CONTROLLED.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(uploadError(xhr));
      }
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'network_error', 'The photo could not be uploaded. Check your connection and try again.')),
    );
    xhr.addEventListener('timeout', () => reject(new ApiError(0, 'network_error', 'The upload timed out.')));
    xhr.send(body);
  });
}

/** Local uploads answer with the JSON error envelope; Cloud Storage with XML, so fall back to the status. */
function uploadError(xhr: XMLHttpRequest): ApiError {
  try {
    const parsed = JSON.parse(xhr.responseText) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string') {
      return new ApiError(xhr.status, parsed.error.code, parsed.error.message);
    }
  } catch {
    // Not JSON: described by the status below.
  }
  const code =
    xhr.status === 413
      ? 'upload_too_large'
      : xhr.status === 403
        ? 'upload_expired'
        : xhr.status === 412
          ? 'precondition_failed'
          : `http_${xhr.status}`;
  return new ApiError(xhr.status, code, `The upload was refused (${xhr.status})`);
}
