/**
 * Dataset photos turned into what a webcam would show: a 640x480 frame centred on the face, the face about a
 * third of the frame wide. Frames the engine does not see as one clean face (several faces, a quality failure)
 * are refused, so the browser scenarios test the client, not the detector's bad days.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { FaceEngine } from '../../shared/face/face-engine.js';
import { frameAroundFace } from '../../scripts/lib/frame-geometry.js';

export const FRAME = { width: 640, height: 480 } as const;

/** Below this the face would be upscaled more than ~3x to fill a third of the frame: not a webcam picture. */
const MIN_FACE_PX = 70;
/** Tight face chips (150 px) would be blown up 4x into a blurred frame no webcam delivers: at most 2x. */
const MIN_REGION_WIDTH = FRAME.width / 2;

export interface WebcamFrame {
  /** The dataset photo it came from. */
  source: string;
  /** Packed RGB, 640x480, for the Y4M video. */
  rgb: Uint8Array;
  /** The same frame as a JPEG, for file-input uploads. */
  jpeg: Buffer;
  embedding: Float32Array;
}

export type FrameRefusal = { source: string; why: string };

/** The webcam frame of `photo`, or why there is none. */
export async function webcamFrame(engine: FaceEngine, photo: string): Promise<WebcamFrame | FrameRefusal> {
  const bytes = await readFile(photo);
  const found = await engine.analyze(bytes, { embed: false });
  const face = found.faces[0];
  if (!face) return { source: photo, why: 'no face in the photo' };
  if (face.box.width < MIN_FACE_PX) return { source: photo, why: `face only ${Math.round(face.box.width)} px wide` };
  const region = frameAroundFace(face.box, found.width, found.height);
  if (region.width < MIN_REGION_WIDTH) return { source: photo, why: `only ${region.width} px around the face` };
  const pipeline = sharp(bytes)
    .rotate()
    .extract(region)
    .resize(FRAME.width, FRAME.height, { fit: 'fill' })
    .removeAlpha()
    .toColourspace('srgb');
  const rgb = await pipeline.clone().raw().toBuffer();
  const jpeg = await pipeline.clone().jpeg({ quality: 92 }).toBuffer();
  const check = await engine.analyze(jpeg);
  if (check.faces.length !== 1) return { source: photo, why: `${check.faces.length} faces in the frame` };
  const primary = check.primary;
  if (!primary?.embedding) return { source: photo, why: 'no embedding' };
  if (primary.quality.failures.length > 0)
    return { source: photo, why: `quality: ${primary.quality.failures.join(', ')}` };
  return { source: photo, rgb: new Uint8Array(rgb), jpeg, embedding: primary.embedding };
}

export const isFrame = (value: WebcamFrame | FrameRefusal): value is WebcamFrame => 'rgb' in value;
