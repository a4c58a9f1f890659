import type { JsonObject } from './json.js';

/** Whether an image was taken to enroll or to log in (verify/identify). */
export type CaptureKind = 'enroll' | 'login';

export const CAPTURE_KINDS: readonly CaptureKind[] = ['enroll', 'login'];

/** One uploaded image: where its bytes live and what was measured on it. Personal data. */
export interface Capture {
  id: string;
  tenantId: string;
  /** Null for a login capture whose person is not (yet) known, as in identify. */
  userId: string | null;
  kind: CaptureKind;
  /** Object name in the BlobStore. */
  blobPath: string;
  /**
   * Object generation (Cloud Storage's int64 generation as a decimal string, or the local store's
   * equivalent). (blobPath, generation) names one exact upload, which makes event handling idempotent.
   */
  generation: string;
  contentType: string;
  sizeBytes: number;
  quality: JsonObject | null;
  /** Epoch milliseconds. */
  createdAt: number;
}
