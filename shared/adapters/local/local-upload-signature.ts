/**
 * HMAC-signed upload URLs for the local filesystem store, checked by the dev server as strictly as Cloud Storage
 * checks its V4 URLs. The signature binds method, key, expiry, content type and size limit; changing any of them,
 * or the path, invalidates it.
 *
 * URL shape: `<publicBaseUrl>/_local/uploads/<key>?expires=<unix s>&ct=<type>&max=<bytes>&sig=<base64url>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlobStoreError, assertBlobKey, isBareMediaType } from '../../ports/blob-store.js';

/** Path under the dev server that receives signed uploads; the key follows it. */
export const LOCAL_UPLOAD_PATH = '/_local/uploads/';

/** What a local upload URL carries. */
export interface LocalUploadParts {
  key: string;
  /** Expiry as Unix seconds. */
  expires: number;
  contentType: string;
  maxBytes: number;
  /** base64url HMAC-SHA256 over the canonical string. */
  sig: string;
}

/** Why an upload was refused. */
export type SignedUploadErrorCode =
  'malformed_url' | 'signature_invalid' | 'url_expired' | 'content_type_mismatch' | 'too_large' | 'length_required';

export type SignedUploadCheck =
  | { ok: true; key: string; contentType: string; maxBytes: number; expiresAt: Date }
  | { ok: false; code: SignedUploadErrorCode; message: string };

/** Facts about the incoming request, supplied by the server. */
export interface UploadRequestFacts {
  /** Request method; default "PUT". Anything else fails the signature. */
  method?: string;
  /** The request's Content-Type header, compared exactly. */
  contentType: string | undefined;
  /** Body size in bytes (Content-Length, or the bytes actually read); the server must still cap its read. */
  contentLength: number | undefined;
  /** Instant of the check. */
  now: Date | number;
}

/** Minimum HMAC key size: 256 bits. */
export const MIN_SECRET_BYTES = 32;

/** Normalises and checks the signing secret. @throws BlobStoreError `invalid_request` when shorter than 32 bytes. */
export function toSecretBytes(secret: Uint8Array | string): Buffer {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new BlobStoreError('invalid_request', `upload signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return bytes;
}

/** base64url HMAC-SHA256 of the canonical request. Newline-joined fields cannot collide: none may hold "\n". */
export function signLocalUpload(secret: Buffer, method: string, parts: Omit<LocalUploadParts, 'sig'>): string {
  const canonical = [method, parts.key, parts.expires, parts.contentType, parts.maxBytes].join('\n');
  return createHmac('sha256', secret).update(canonical).digest('base64url');
}

/** The full URL for `parts` under `publicBaseUrl` (trailing slashes tolerated). */
export function buildLocalUploadUrl(publicBaseUrl: string, parts: LocalUploadParts): string {
  const path = parts.key.split('/').map(encodeURIComponent).join('/');
  const query = new URLSearchParams({
    expires: String(parts.expires),
    ct: parts.contentType,
    max: String(parts.maxBytes),
    sig: parts.sig,
  });
  return `${publicBaseUrl.replace(/\/+$/, '')}${LOCAL_UPLOAD_PATH}${path}?${query.toString()}`;
}

const QUERY_NAMES = ['expires', 'ct', 'max', 'sig'] as const;
const POSITIVE_INT = /^[1-9][0-9]{0,15}$/;

/**
 * Extracts the parts from an absolute URL or a request target ("/_local/uploads/…?…"); `null` when anything is
 * missing, duplicated, unexpected or not canonical.
 */
export function parseLocalUploadUrl(url: string | URL): LocalUploadParts | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url, 'http://local.invalid') : url;
  } catch {
    return null;
  }
  const at = parsed.pathname.indexOf(LOCAL_UPLOAD_PATH);
  if (at < 0) return null;
  let key: string;
  try {
    key = decodeURIComponent(parsed.pathname.slice(at + LOCAL_UPLOAD_PATH.length));
    assertBlobKey(key);
  } catch {
    return null;
  }
  const names = [...parsed.searchParams.keys()];
  if (names.length !== QUERY_NAMES.length || !QUERY_NAMES.every((n) => parsed.searchParams.getAll(n).length === 1)) {
    return null;
  }
  const param = (name: (typeof QUERY_NAMES)[number]): string => parsed.searchParams.get(name) ?? '';
  const [expires, max, contentType] = [param('expires'), param('max'), param('ct')];
  if (!POSITIVE_INT.test(expires) || !POSITIVE_INT.test(max) || !isBareMediaType(contentType)) return null;
  return { key, expires: Number(expires), contentType, maxBytes: Number(max), sig: param('sig') };
}

/**
 * Checks an upload against its URL: signature first (so a tampered path, expiry, type or size is
 * `signature_invalid`), then expiry, exact content type and size.
 */
export function verifyLocalUpload(
  secret: Buffer,
  urlOrParts: string | URL | LocalUploadParts,
  facts: UploadRequestFacts,
): SignedUploadCheck {
  const parts =
    typeof urlOrParts === 'string' || urlOrParts instanceof URL ? parseLocalUploadUrl(urlOrParts) : urlOrParts;
  if (!parts) return fail('malformed_url', 'not a well-formed signed upload URL');

  const expected = Buffer.from(signLocalUpload(secret, facts.method ?? 'PUT', parts), 'base64url');
  const sig = typeof parts.sig === 'string' ? parts.sig : '';
  const given = Buffer.from(sig, 'base64url');
  // Buffer's base64url decoder skips junk characters; insisting on the canonical encoding keeps signatures unique.
  const canonical = given.toString('base64url') === sig;
  if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('signature_invalid', 'signature does not match the URL');
  }
  const nowMs = typeof facts.now === 'number' ? facts.now : facts.now.getTime();
  if (nowMs > parts.expires * 1000) return fail('url_expired', 'the upload URL has expired');
  if (facts.contentType !== parts.contentType) {
    return fail('content_type_mismatch', `Content-Type must be exactly ${parts.contentType}`);
  }
  const length = facts.contentLength;
  if (length === undefined || !Number.isSafeInteger(length) || length < 0) {
    return fail('length_required', 'the body length must be known');
  }
  if (length > parts.maxBytes) return fail('too_large', `body exceeds ${parts.maxBytes} bytes`);
  return {
    ok: true,
    key: parts.key,
    contentType: parts.contentType,
    maxBytes: parts.maxBytes,
    expiresAt: new Date(parts.expires * 1000),
  };
}

function fail(code: SignedUploadErrorCode, message: string): SignedUploadCheck {
  return { ok: false, code, message };
}
