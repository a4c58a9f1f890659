/**
 * Proves a face engine usable, for health checks: one real analysis (decode, then the detector's graph) of a
 * built-in 64x64 grey PNG, which has no face. A missing backend, a model that did not load or a broken graph throws.
 */
import type { FaceEngine } from './face-engine.js';

/** 64x64 mid-grey PNG (153 bytes), made with sharp. */
export const PROBE_IMAGE: Uint8Array = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAS0lEQVRo3u3PMQ0AAAwDoEqv9ErYvQQckD4XAQEB' +
    'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAYHLAB8+AWkItYjrAAAAAElFTkSuQmCC',
  'base64',
);
export const PROBE_SIDE = 64;

/** Resolves when `engine` analyses the probe image and reports its true size; rejects with the reason otherwise. */
export async function probeEngine(engine: FaceEngine): Promise<void> {
  const analysis = await engine.analyze(PROBE_IMAGE, { embed: false, liveness: false });
  if (analysis.width !== PROBE_SIDE || analysis.height !== PROBE_SIDE) {
    throw new Error(
      `the probe image came back as ${analysis.width}x${analysis.height}, not ${PROBE_SIDE}x${PROBE_SIDE}`,
    );
  }
  if (!(engine.dims > 0)) throw new Error(`the embedder reports ${engine.dims} dimensions`);
}
