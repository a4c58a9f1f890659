/**
 * Seed images for the fuzzer: real photos from the pinned npm package @vladmandic/face-api (its demo/ samples),
 * cut down and re-encoded as every accepted container and a few of their variants (progressive JPEG, EXIF
 * orientation, grayscale, PNG with alpha, lossless WebP), so mutations start from bytes decoders really see.
 */
import sharp, { type Sharp } from 'sharp';
import { samplePhoto } from '../../../tests/support/sample-images.js';

export interface SeedImage {
  name: string;
  bytes: Uint8Array;
}

/** Builds the seed set (about 20 images of 2-60 KB). */
export async function seedImages(): Promise<SeedImage[]> {
  const seeds: SeedImage[] = [];
  const add = async (name: string, image: Sharp) => seeds.push({ name, bytes: new Uint8Array(await image.toBuffer()) });
  for (const n of [1, 4, 6] as const) {
    const photo = sharp(samplePhoto(n)).rotate();
    const small = () => photo.clone().resize(320);
    await add(`sample${n}.jpg`, small().jpeg({ quality: 80 }));
    await add(`sample${n}-progressive.jpg`, small().jpeg({ quality: 70, progressive: true }));
    await add(`sample${n}.png`, small().png());
    await add(`sample${n}.webp`, small().webp({ quality: 75 }));
  }
  const base = sharp(samplePhoto(2)).rotate().resize(240);
  await add('orientation-6.jpg', base.clone().jpeg().withMetadata({ orientation: 6 }));
  await add('grayscale.jpg', base.clone().grayscale().jpeg());
  await add('alpha.png', base.clone().ensureAlpha(0.5).png());
  await add('lossless.webp', base.clone().webp({ lossless: true }));
  await add('alpha.webp', base.clone().ensureAlpha(0.5).webp());
  await add('tiny.png', base.clone().resize(40, 40).png());
  await add('tiny.jpg', base.clone().resize(33, 33).jpeg());
  return seeds;
}
