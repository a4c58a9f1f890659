/**
 * Synthetic captures for the quality tests: textured "faces" drawn into an image, and five landmarks placed by
 * the ArcFace template or by projecting a rotated 3-D mean face. Test support only; nothing in production
 * imports it.
 */
import { ARCFACE_112 } from '../align/templates.js';
import type { Box, Detection, Landmarks5, Point, RgbImage } from '../types.js';
import { POSE_MODEL } from './pose.js';

function asLandmarks(points: readonly Point[]): Landmarks5 {
  const [a, b, c, d, e, ...extra] = points;
  if (!a || !b || !c || !d || !e || extra.length > 0) {
    throw new RangeError(`five landmarks expected, got ${points.length}`);
  }
  return [a, b, c, d, e];
}

/** Frontal landmarks: the ArcFace template scaled into `box`. */
export function frontalLandmarks(box: Box): Landmarks5 {
  return asLandmarks(
    ARCFACE_112.points.map((p) => ({
      x: box.x + (p.x / ARCFACE_112.size) * box.width,
      y: box.y + (p.y / ARCFACE_112.size) * box.height,
    })),
  );
}

/** `landmarks` rotated by `degrees` (clockwise on screen, y down) about `centre`. */
export function rotateLandmarks(landmarks: Landmarks5, degrees: number, centre: Point): Landmarks5 {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return asLandmarks(
    landmarks.map((p) => {
      const dx = p.x - centre.x;
      const dy = p.y - centre.y;
      return { x: centre.x + dx * cos - dy * sin, y: centre.y + dx * sin + dy * cos };
    }),
  );
}

/**
 * Landmarks of a mean face (eyes and mouth corners in one plane, nose tip in front of it, proportions from
 * POSE_MODEL) turned by `yaw` (nose towards image-right) and nodded by `pitch` (looking down), then projected
 * orthographically with an inter-ocular distance of `iod` pixels around `centre`.
 */
export function projectedLandmarks(yaw: number, pitch: number, iod: number, centre: Point): Landmarks5 {
  const em = POSE_MODEL.eyeMouthPerInterOcular * iod;
  const depth = POSE_MODEL.noseDepthPerInterOcular * iod;
  const noseY = POSE_MODEL.frontalNoseRatio * em;
  // x right, y down, z towards the camera; origin at the eye midpoint.
  const face: [number, number, number][] = [
    [-iod / 2, 0, 0],
    [iod / 2, 0, 0],
    [0, noseY, depth],
    [-0.4 * iod, em, 0],
    [0.4 * iod, em, 0],
  ];
  const a = (yaw * Math.PI) / 180;
  const b = (pitch * Math.PI) / 180;
  return asLandmarks(
    face.map(([x, y, z]) => {
      // Yaw about the vertical axis: a positive turn carries the nose (z > 0) towards +x.
      const x1 = x * Math.cos(a) + z * Math.sin(a);
      const z1 = -x * Math.sin(a) + z * Math.cos(a);
      // Pitch about the horizontal axis: a positive nod carries the nose (z > 0) towards +y.
      const y2 = y * Math.cos(b) + z1 * Math.sin(b);
      return { x: centre.x + x1, y: centre.y + y2 };
    }),
  );
}

/** Deterministic uniform noise in [-1, 1). */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

/**
 * A grey image with a textured square in `box`: broad shading (for contrast) plus pixel-level grain (the fine
 * detail that focus destroys), luma around 128. The pattern is defined relative to the box, so the same face can be
 * drawn at any resolution; the grain is per pixel.
 */
export function texturedCapture(width: number, height: number, box: Box, seed = 7): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(128);
  const grain = noise(seed);
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(height, box.y + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(width, box.x + box.width); x++) {
      const u = (x - box.x) / box.width;
      const v = (y - box.y) / box.height;
      const shading = 60 * Math.sin(u * 2 * Math.PI * 2) * Math.cos(v * 2 * Math.PI * 1.7);
      const value = Math.round(Math.min(255, Math.max(0, 128 + shading + 35 * grain())));
      data.fill(value, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

/** A capture whose pattern is smooth at any scale (no per-pixel grain): for resolution-independence checks. */
export function smoothTexturedCapture(width: number, height: number, box: Box): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(128);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5 - box.x) / box.width;
      const v = (y + 0.5 - box.y) / box.height;
      const value = 128 + 50 * Math.sin(u * 2 * Math.PI * 9) * Math.cos(v * 2 * Math.PI * 7) + 30 * Math.sin(u * 40);
      data.fill(Math.round(value), (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

/** A (2r+1)-square box blur, separable, edges clamped. */
export function boxBlur(image: RgbImage, radius: number): RgbImage {
  const { width, height } = image;
  const pass = (src: Uint8Array, horizontal: boolean): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const sy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
            sum += src[(sy * width + sx) * 3 + c]!;
          }
          out[(y * width + x) * 3 + c] = Math.round(sum / (2 * radius + 1));
        }
      }
    }
    return out;
  };
  return { data: pass(pass(image.data, true), false), width, height };
}

/** Every pixel mapped through `f` (clamped to 0..255). */
export function mapPixels(image: RgbImage, f: (value: number) => number): RgbImage {
  return { ...image, data: image.data.map((v) => Math.min(255, Math.max(0, Math.round(f(v))))) };
}

/** A confident detection of `box` with frontal landmarks unless others are given. */
export function detection(box: Box, overrides: Partial<Detection> = {}): Detection {
  return { box, score: 0.99, landmarks: frontalLandmarks(box), ...overrides };
}
