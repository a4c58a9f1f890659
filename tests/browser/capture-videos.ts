/**
 * Fake-camera videos for the capture specs, made from dataset photos turned into webcam frames
 * (tests/e2e/webcam-frames.ts): a steady good face, and the pictures live guidance must fix before anything is
 * sent — the face too far (small), too dark, off-centre, and two faces.
 */
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { WebcamFrame } from '../e2e/webcam-frames.js';
import { FRAME } from '../e2e/webcam-frames.js';
import { writeY4m } from '../e2e/y4m-video.js';

const GREY = { r: 128, g: 128, b: 128 };
const raw = { raw: { width: FRAME.width, height: FRAME.height, channels: 3 as const } };

async function rgbOf(image: Sharp): Promise<Uint8Array> {
  return new Uint8Array(await image.removeAlpha().toColourspace('srgb').raw().toBuffer());
}

/** The frame shrunk to `scale` in the middle of a grey wall: the person stands too far away. */
export async function tooFar(frame: WebcamFrame, scale = 0.5): Promise<Uint8Array> {
  const small = await sharp(Buffer.from(frame.rgb), raw)
    .resize(Math.round(FRAME.width * scale), Math.round(FRAME.height * scale))
    .png()
    .toBuffer();
  const left = Math.round((FRAME.width * (1 - scale)) / 2);
  const top = Math.round((FRAME.height * (1 - scale)) / 2);
  return rgbOf(sharp({ create: { ...FRAME, channels: 3, background: GREY } }).composite([{ input: small, left, top }]));
}

/** The frame at `factor` of its brightness: a dim room. */
export async function tooDark(frame: WebcamFrame, factor = 0.18): Promise<Uint8Array> {
  return rgbOf(sharp(Buffer.from(frame.rgb), raw).linear(factor, 0));
}

/** The frame moved `shift` px sideways (the gap grey): the face is beside the oval. */
export async function offCentre(frame: WebcamFrame, shift = 200): Promise<Uint8Array> {
  // Two pipelines: within one, sharp extracts before it extends, whatever the call order.
  const wider = await sharp(Buffer.from(frame.rgb), raw).extend({ left: shift, background: GREY }).png().toBuffer();
  return rgbOf(sharp(wider).extract({ left: 0, top: 0, width: FRAME.width, height: FRAME.height }));
}

/** Two people side by side, each frame at `scale`. */
export async function twoFaces(left: WebcamFrame, right: WebcamFrame, scale = 0.55): Promise<Uint8Array> {
  const size = { width: Math.round(FRAME.width * scale), height: Math.round(FRAME.height * scale) };
  const half = async (f: WebcamFrame) =>
    sharp(Buffer.from(f.rgb), raw).resize(size.width, size.height).png().toBuffer();
  const top = Math.round((FRAME.height - size.height) / 2);
  return rgbOf(
    sharp({ create: { ...FRAME, channels: 3, background: GREY } }).composite([
      { input: await half(left), left: FRAME.width / 2 - size.width, top },
      { input: await half(right), left: FRAME.width / 2, top },
    ]),
  );
}

/** A still picture as a short looping video (the fake camera repeats it). */
export async function stillVideo(dir: string, name: string, rgb: Uint8Array): Promise<string> {
  const file = path.join(dir, `${name}.y4m`);
  await writeY4m(file, { ...FRAME, fps: 10 }, [{ rgb, frames: 5 }]);
  return file;
}
