/**
 * Enrollment photos at rest (issue 12, finding 9). A photo is uploaded in the clear (the browser PUTs it straight
 * to the bucket), checked by the embed step, and once accepted stored sealed under the template keys
 * (shared/crypto/envelope.ts) at `blobKeys.sealedCapture`, the upload deleted. So the templates' encryption cannot
 * be sidestepped by re-embedding the photos: whoever copies the bucket gets ciphertext. Photos stored before
 * this were in the clear and are still read; `npm run keys:rotate-template` seals them.
 */
import type { Capture } from '../domain/capture.js';
import { isSealed, open, seal } from '../crypto/envelope.js';
import type { TemplateCipher } from '../crypto/template-cipher.js';
import { blobKeys, type BlobStore } from '../ports/blob-store.js';
import type { TenantRepositories } from '../ports/repositories.js';

/** What a sealed photo is bound to: copied to another capture it does not open. */
export const captureContext = (tenantId: string, capture: Pick<Capture, 'id' | 'userId'>): string[] => [
  'capture',
  tenantId,
  capture.userId ?? '',
  capture.id,
];

/**
 * Stores `bytes` (the accepted photo at `capture.blobPath`) sealed, points the capture at the sealed object and
 * deletes the clear upload. @returns false when the capture had moved meanwhile (nothing changed but a stray copy).
 */
export async function sealCapture(
  blobs: BlobStore,
  cipher: TemplateCipher,
  repos: TenantRepositories,
  capture: Pick<Capture, 'id' | 'userId' | 'blobPath' | 'generation'>,
  bytes: Uint8Array,
): Promise<boolean> {
  const key = blobKeys.sealedCapture(repos.tenantId, capture.userId ?? 'none', capture.id);
  const sealed = seal(cipher, bytes, captureContext(repos.tenantId, capture));
  const written = await blobs.put(key, sealed, { contentType: 'application/octet-stream' });
  const moved = await repos.captures.moveBlob(
    capture.id,
    { blobPath: capture.blobPath, generation: capture.generation },
    { blobPath: key, generation: written.generation },
  );
  if (!moved) {
    await blobs.delete(key, { generation: written.generation });
    return false;
  }
  await blobs.delete(capture.blobPath, { generation: capture.generation });
  return true;
}

/**
 * The photo of a capture, opened: only the generation the capture records (null when that object is gone or was
 * replaced). @throws TemplateDecryptError when a sealed photo does not open.
 */
export async function readCapture(
  blobs: BlobStore,
  cipher: TemplateCipher,
  tenantId: string,
  capture: Pick<Capture, 'id' | 'userId' | 'blobPath' | 'generation'>,
): Promise<Uint8Array | null> {
  const stored = await blobs.get(capture.blobPath, { generation: capture.generation });
  if (!stored) return null;
  return isSealed(stored) ? open(cipher, stored, captureContext(tenantId, capture)) : stored;
}
