import { describe, expect, it } from 'vitest';
import { FusedEmbedder } from './fused-embedder.js';
import type { Embedder } from './embedder.js';
import { ARCFACE_112, DLIB_150 } from '../align/templates.js';
import type { Landmarks5, RgbImage } from '../types.js';

/** A part that records when its forward pass starts and answers `value` after `delayMs`. */
function fakePart(
  id: string,
  dims: number,
  value: number,
  log: string[],
  offThread: boolean,
  delayMs: number,
): Embedder {
  return {
    id,
    dims,
    template: offThread ? ARCFACE_112 : DLIB_150,
    metric: offThread ? 'cosine' : 'euclidean',
    runsOffThread: offThread,
    async embed(chips) {
      log.push(`start ${id}`);
      await new Promise((r) => setTimeout(r, delayMs));
      log.push(`end ${id}`);
      return chips.map(() => new Float32Array(dims).fill(value));
    },
    dispose: () => undefined,
  };
}

const image: RgbImage = { data: new Uint8Array(64 * 64 * 3).fill(128), width: 64, height: 64 };
const landmarks: Landmarks5 = [
  { x: 22, y: 26 },
  { x: 42, y: 26 },
  { x: 32, y: 36 },
  { x: 24, y: 46 },
  { x: 40, y: 46 },
];

describe('FusedEmbedder.embedFace', () => {
  it('starts the off-thread part first, runs the parts together, and lays the vectors out in part order', async () => {
    const log: string[] = [];
    const fused = new FusedEmbedder(
      'fused',
      [fakePart('frn', 4, 1, log, false, 5), fakePart('arc', 8, 2, log, true, 30)],
      {
        kind: 'fusion',
        parts: [
          { id: 'frn', metric: 'euclidean', dims: 4, mean: 0, sd: 1, weight: 0.5 },
          { id: 'arc', metric: 'cosine', dims: 8, mean: 0, sd: 1, weight: 0.5 },
        ],
      },
    );
    const v = await fused.embedFace(image, landmarks);
    expect(Array.from(v)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    // Both started before either ended: the JS-thread part ran while the off-thread one was busy.
    expect(log).toEqual(['start arc', 'start frn', 'end frn', 'end arc']);
  });
});
