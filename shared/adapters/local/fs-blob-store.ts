/**
 * BlobStore on the local filesystem, for `npm start` and tests. Objects live under `<rootDir>/objects/<key>`,
 * their metadata (content type, generation) under `<rootDir>/meta/<key>`. Signed upload URLs point at the dev
 * server, which checks them with `verifySignedUpload` and then calls `put`; every `put` emits a "finalized"
 * notification, as a Cloud Storage bucket does, so an upload triggers the embed function.
 *
 * Limitation: a filesystem cannot hold both `a/b` and `a/b/c`; Cloud Storage can. Our keys never do that.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
import type { LocalUploadParts, SignedUploadCheck, UploadRequestFacts } from './local-upload-signature.js';
import { buildLocalUploadUrl, signLocalUpload, toSecretBytes, verifyLocalUpload } from './local-upload-signature.js';

/** Shaped like Cloud Storage's `StorageObjectData`, so the composition root can wrap it in the same CloudEvent. */
export interface LocalObjectFinalized {
  bucket: string;
  name: string;
  generation: string;
  contentType: string;
  size: string;
  timeCreated: string;
  updated: string;
}

export type FinalizedListener = (event: LocalObjectFinalized) => void | Promise<void>;

export interface FsBlobStoreOptions {
  /** Directory the store owns, e.g. `<FACEGATE_DATA_DIR>/blobs`; created on demand. */
  rootDir: string;
  /** Base URL of the dev server, e.g. `http://localhost:8080`. */
  publicBaseUrl: string;
  /** HMAC key for upload URLs, at least 32 bytes. */
  signingSecret: Uint8Array | string;
  /** Bucket name reported in finalized notifications (default "local"). */
  bucket?: string;
  clock?: Clock;
  /** Receives errors thrown by finalized listeners (default: console.error). */
  onListenerError?: (error: unknown, event: LocalObjectFinalized) => void;
}

interface ObjectMeta {
  contentType: string;
  generation: string;
  timeCreated: string;
}

export class FsBlobStore implements BlobStore {
  private readonly objectsDir: string;
  private readonly metaDir: string;
  private readonly tmpDir: string;
  private readonly secret: Buffer;
  private readonly clock: Clock;
  private readonly listeners = new Set<FinalizedListener>();
  private readonly pending = new Set<Promise<void>>();
  private readonly writeLocks = new Map<string, Promise<BlobWriteResult>>();

  constructor(private readonly options: FsBlobStoreOptions) {
    const root = path.resolve(options.rootDir);
    this.objectsDir = path.join(root, 'objects');
    this.metaDir = path.join(root, 'meta');
    this.tmpDir = path.join(root, 'tmp');
    this.secret = toSecretBytes(options.signingSecret);
    this.clock = options.clock ?? systemClock;
  }

  createSignedUploadUrl(request: SignedUploadRequest): Promise<SignedUpload> {
    // The executor turns a validation throw into a rejection, as for every other method.
    return new Promise((resolve) => resolve(this.sign(request)));
  }

  /**
   * Checks an incoming upload against its signed URL (absolute, or the request target the server received).
   * On success the server may read at most `maxBytes` and `put` the object under `key`.
   */
  verifySignedUpload(
    urlOrParts: string | URL | LocalUploadParts,
    facts: Omit<UploadRequestFacts, 'now'> & { now?: Date | number },
  ): SignedUploadCheck {
    return verifyLocalUpload(this.secret, urlOrParts, { ...facts, now: facts.now ?? this.clock.nowMs() });
  }

  async put(key: string, bytes: Uint8Array, options: BlobPutOptions = {}): Promise<BlobWriteResult> {
    assertBlobKey(key);
    // Serialise writes per key so generations stay strictly increasing under concurrency.
    const previous = this.writeLocks.get(key);
    const write = (async () => {
      if (previous) await previous.catch(() => undefined);
      return this.write(key, bytes, options);
    })();
    this.writeLocks.set(key, write);
    try {
      return await write;
    } finally {
      if (this.writeLocks.get(key) === write) this.writeLocks.delete(key);
    }
  }

  async get(key: string, options: BlobGenerationOptions = {}): Promise<Uint8Array | null> {
    if (options.generation !== undefined && (await this.readMeta(key))?.generation !== options.generation) return null;
    try {
      return new Uint8Array(await readFile(this.objectPath(key)));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.objectPath(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(key: string, options: BlobGenerationOptions = {}): Promise<void> {
    if (options.generation !== undefined && (await this.readMeta(key))?.generation !== options.generation) return;
    await rm(this.objectPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
    await this.pruneEmptyDirs(path.posix.dirname(key));
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys = (await this.listUnder(folder)).filter((key) => key.startsWith(prefix));
    for (const key of keys) {
      await rm(this.objectPath(key), { force: true });
      await rm(this.metaPath(key), { force: true });
    }
    for (const dir of new Set(keys.map((key) => path.posix.dirname(key)))) await this.pruneEmptyDirs(dir);
    return keys.length;
  }

  /** Registers a listener for every completed `put`; returns a function that removes it. */
  onFinalized(listener: FinalizedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every finalized listener started so far has settled (for tests and graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private sign(request: SignedUploadRequest): SignedUpload {
    assertSignedUploadRequest(request);
    const expires = Math.floor(this.clock.nowMs() / 1000) + request.expiresInSeconds;
    const unsigned = { key: request.key, expires, contentType: request.contentType, maxBytes: request.maxBytes };
    const parts: LocalUploadParts = { ...unsigned, sig: signLocalUpload(this.secret, 'PUT', unsigned) };
    return {
      url: buildLocalUploadUrl(this.options.publicBaseUrl, parts),
      method: 'PUT',
      headers: { 'Content-Type': request.contentType },
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  private async write(key: string, bytes: Uint8Array, options: BlobPutOptions): Promise<BlobWriteResult> {
    const target = this.objectPath(key);
    const metaTarget = this.metaPath(key);
    const previous = await this.readMeta(key);
    if (options.ifGenerationMatch !== undefined && (previous?.generation ?? '0') !== options.ifGenerationMatch) {
      throw new BlobStoreError(
        'precondition_failed',
        options.ifGenerationMatch === '0' ? 'the object already exists' : 'the object is not at that generation',
      );
    }
    // Microsecond timestamps like Cloud Storage, but never at or below the last generation of this key.
    const generation = BigInt(Math.max(0, this.clock.nowMs())) * 1000n;
    const next = previous && BigInt(previous.generation) >= generation ? BigInt(previous.generation) + 1n : generation;
    const now = this.clock.now().toISOString();
    const meta: ObjectMeta = {
      contentType: options.contentType ?? 'application/octet-stream',
      generation: next.toString(),
      timeCreated: now,
    };

    // Owner only (0700 folders, 0600 files): photos and their metadata are personal data.
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await mkdir(path.dirname(metaTarget), { recursive: true, mode: 0o700 });
    // Write then rename, so a reader never sees a half-written object.
    const tmp = path.join(this.tmpDir, randomUUID());
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, target);
    await writeFile(metaTarget, JSON.stringify(meta), { mode: 0o600 });

    this.notify({
      bucket: this.options.bucket ?? 'local',
      name: key,
      generation: meta.generation,
      contentType: meta.contentType,
      size: String(bytes.byteLength),
      timeCreated: now,
      updated: now,
    });
    return { key, generation: meta.generation, size: bytes.byteLength };
  }

  private notify(event: LocalObjectFinalized): void {
    for (const listener of this.listeners) {
      // Delivered after the write returns, like a bucket notification: the uploader never waits for embed.
      const delivery = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => listener(event))
        .catch((error: unknown) => (this.options.onListenerError ?? logListenerError)(error, event));
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  private async readMeta(key: string): Promise<ObjectMeta | null> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as ObjectMeta;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async listUnder(folder: string): Promise<string[]> {
    const base = folder ? this.objectPath(folder) : this.objectsDir;
    let entries;
    try {
      entries = await readdir(base, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(this.objectsDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      );
  }

  /** Removes now-empty folders from `dir` up towards the root, so erased users leave no trace. */
  private async pruneEmptyDirs(dir: string): Promise<void> {
    for (let current = dir; current !== '.' && current !== ''; current = path.posix.dirname(current)) {
      for (const root of [this.objectsDir, this.metaDir]) {
        try {
          await rmdir(this.resolveInside(root, current));
        } catch {
          // Not empty or already gone: both fine.
        }
      }
    }
  }

  private objectPath(key: string): string {
    assertBlobKey(key);
    return this.resolveInside(this.objectsDir, key);
  }

  private metaPath(key: string): string {
    assertBlobKey(key);
    return this.resolveInside(this.metaDir, key);
  }

  /** Second line of defence after key validation: the resolved path must stay under `root`. */
  private resolveInside(root: string, relative: string): string {
    const resolved = path.resolve(root, relative);
    if (!resolved.startsWith(root + path.sep)) {
      throw new BlobStoreError('invalid_key', 'object key resolves outside the store');
    }
    return resolved;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

function logListenerError(error: unknown, event: LocalObjectFinalized): void {
  console.error(`FsBlobStore: finalized listener failed for ${event.name}#${event.generation}`, error);
}
