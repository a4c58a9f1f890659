/** Fuzz target: the image decoder (shared/face/decode) must return sane pixels or a typed ImageError. */
import { decodeImage } from '../../../shared/face/decode/decode-image.js';
import { ImageError } from '../../../shared/face/errors.js';
import { imageInputArb, type FuzzImage } from './mutations.js';
import { FuzzFailure, type FuzzTarget } from './run-fuzz.js';
import type { SeedImage } from './seed-images.js';

export function decodeTarget(seeds: readonly SeedImage[], weight = 4): FuzzTarget<FuzzImage> {
  return {
    name: 'decode',
    weight,
    arbitrary: imageInputArb(seeds),
    timeoutMs: 5000,
    async run(input) {
      try {
        // The working resolution the engine asks for, so shrink-on-load paths are exercised too.
        const decoded = await decodeImage(input.bytes, { maxSide: 1280 });
        const { width, height, data } = decoded.image;
        if (!(width >= 1 && height >= 1 && data.length === width * height * 3))
          throw new FuzzFailure(`decoded to an inconsistent image ${width}x${height} with ${data.length} bytes`);
        return `decoded ${decoded.format}`;
      } catch (error) {
        if (error instanceof ImageError) return error.code;
        throw error;
      }
    },
    describe: (input) => ({ bytes: input.bytes, details: { origin: input.origin, length: input.bytes.length } }),
  };
}
