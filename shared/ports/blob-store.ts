/**
 * The BlobStore port: object storage for captures, addressed by keys such as
 * `tenants/{tenantId}/users/{userId}/enroll/{captureId}.jpg`. Adapters: Cloud Storage (shared/adapters/gcp) and
 * the local filesystem (shared/adapters/local); both pass one contract suite.
 *
 * Keys are validated by every adapter with `assertBlobKey`: relative, "/"-separated segments of
 * letters, digits, ".", "_", "-" and "=", never "." or "..", so a key can never name anything outside the store.
 */

/**
 * What a signed upload URL is allowed to carry. Every signed upload only creates: the PUT is refused (412) when
 * the object already exists, so a URL cannot be used twice to swap a photo that was already checked.
 */
export interface SignedUploadRequest {
  key: string;
  /** The exact Content-Type the client must send, e.g. "image/jpeg". */
  contentType: string;
  /** Largest accepted body, in bytes. */
  maxBytes: number;
  /** Lifetime of the URL; 1..604800 seconds. */
  expiresInSeconds: number;
}

/** A URL the client can PUT the object to directly, with the headers it must send unchanged. */
export interface SignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the client must send verbatim (Content-Type, and any extension header the signature binds). */
  headers: Record<string, string>;
  /** ISO-8601 instant after which the URL is refused. */
  expiresAt: string;
}

/** Outcome of a write. */
export interface BlobWriteResult {
  key: string;
  /** Version of the object: strictly increasing for successive writes of one key (decimal string). */
  generation: string;
  size: number;
}

export interface BlobPutOptions {
  contentType?: string;
  /**
   * Write only if the object's live generation is this one; `"0"` = only if there is no object.
   * @throws BlobStoreError `precondition_failed` otherwise.
   */
  ifGenerationMatch?: string;
}

/** Pins a read or delete to one generation of an object. */
export interface BlobGenerationOptions {
  /** Act only on this generation: a read of a replaced object is null, a delete of it does nothing. */
  generation?: string;
}

export interface BlobStore {
  /** Signs a direct upload of one object. @throws BlobStoreError `invalid_key` / `invalid_request`. */
  createSignedUploadUrl(request: SignedUploadRequest): Promise<SignedUpload>;
  /** Writes (or replaces) an object. */
  put(key: string, bytes: Uint8Array, options?: BlobPutOptions): Promise<BlobWriteResult>;
  /** Reads an object (or that generation of it); `null` when there is none. */
  get(key: string, options?: BlobGenerationOptions): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
  /** Removes an object (only if it is still that generation); removing a missing object is not an error. */
  delete(key: string, options?: BlobGenerationOptions): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix` (a string prefix; end it with "/" to mean a folder),
   * e.g. `tenants/t1/users/u1/` when a user is deleted.
   * @returns how many objects were removed.
   */
  deletePrefix(prefix: string): Promise<number>;
}

export type BlobStoreErrorCode = 'invalid_key' | 'invalid_request' | 'precondition_failed';

/** Thrown for a key or request the store refuses to act on. */
export class BlobStoreError extends Error {
  override readonly name = 'BlobStoreError';
  constructor(
    readonly code: BlobStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SEGMENT = /^[A-Za-z0-9_=-][A-Za-z0-9._=-]*$/;
const MAX_KEY_LENGTH = 1024;

/**
 * Checks that `key` is a safe object key (see the module comment).
 * @throws BlobStoreError `invalid_key`.
 */
export function assertBlobKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new BlobStoreError('invalid_key', `object key must be 1..${MAX_KEY_LENGTH} characters`);
  }
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new BlobStoreError('invalid_key', `invalid object key segment ${JSON.stringify(segment)}`);
    }
  }
}

/**
 * Checks a prefix for `deletePrefix`: the same rules as a key, except that it may end with "/". An empty prefix
 * is refused so a bug can never wipe the whole store.
 * @throws BlobStoreError `invalid_key`.
 */
export function assertBlobPrefix(prefix: string): void {
  assertBlobKey(typeof prefix === 'string' && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/** True for a bare `type/subtype` media type without parameters, e.g. "image/jpeg". */
export function isBareMediaType(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_TYPE.test(value);
}

/** Checks a signed-upload request. @throws BlobStoreError. */
export function assertSignedUploadRequest(request: SignedUploadRequest): void {
  assertBlobKey(request.key);
  if (!isBareMediaType(request.contentType)) {
    throw new BlobStoreError('invalid_request', 'contentType must be a bare "type/subtype" media type');
  }
  if (!Number.isSafeInteger(request.maxBytes) || request.maxBytes < 1) {
    throw new BlobStoreError('invalid_request', 'maxBytes must be a positive integer');
  }
  const ttl = request.expiresInSeconds;
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > 604_800) {
    throw new BlobStoreError('invalid_request', 'expiresInSeconds must be an integer in 1..604800');
  }
}

/** Builders for the keys the application uses, so no caller concatenates paths by hand. */
export const blobKeys = {
  /** Folder of everything stored for one user; pass to `deletePrefix` on erasure. */
  userPrefix: (tenantId: string, userId: string): string => `tenants/${tenantId}/users/${userId}/`,
  /** Folder of everything stored for one tenant. */
  tenantPrefix: (tenantId: string): string => `tenants/${tenantId}/`,
  /**
   * Folder of every login (verify/identify) capture that is kept: outside the enrollment folders, so the bucket's
   * lifecycle rule can delete these after the retention period by prefix while enrollment captures stay (they
   * are needed to re-embed). Erasure still finds them through the captures table.
   */
  loginCapturesPrefix: 'login/',
  /** A kept login capture. */
  loginCapture: (tenantId: string, captureId: string, extension = 'jpg'): string =>
    `login/tenants/${tenantId}/${captureId}.${extension}`,
  /**
   * An accepted enrollment capture, sealed at rest (shared/crypto/envelope.ts): outside `enroll/`, so writing it
   * triggers no embed.
   */
  sealedCapture: (tenantId: string, userId: string, captureId: string): string =>
    `tenants/${tenantId}/users/${userId}/captures/${captureId}.fge`,
  /** An enrollment capture uploaded through a signed URL. */
  enrollCapture: (tenantId: string, userId: string, captureId: string, extension = 'jpg'): string =>
    `tenants/${tenantId}/users/${userId}/enroll/${captureId}.${extension}`,
} as const;

const ID = '([A-Za-z0-9][A-Za-z0-9_-]{0,63})';
const ENROLL_CAPTURE_KEY = new RegExp(`^tenants/${ID}/users/${ID}/enroll/${ID}\\.([A-Za-z0-9]{1,8})$`);

/** The parts of an enrollment capture key, or `null` when `key` is not one. Used by the embed function. */
export function parseEnrollCaptureKey(
  key: string,
): { tenantId: string; userId: string; captureId: string; extension: string } | null {
  const match = ENROLL_CAPTURE_KEY.exec(key);
  if (!match) return null;
  const [, tenantId, userId, captureId, extension] = match as unknown as [string, string, string, string, string];
  return { tenantId, userId, captureId, extension };
}
