/**
 * Does a burst of frames show a 3-D head or a flat picture? The eyes and mouth corners of a face lie close to one
 * plane; the nose tip stands about 0.4 inter-ocular distances (IOD) in front of it. Between two views of a flat
 * print or screen, the homography fixed by the four plane points also carries the nose tip exactly; when a real
 * head turns or nods by θ, the nose tip leaves that prediction by about 0.4·sin θ IOD (parallax). What moves the
 * four plane points out of a similarity (foreshortening: a print tilted or turned) without any parallax is a
 * plane moving in 3-D: a print or a screen. A burst with neither is still: nothing to judge either way.
 *
 * Works on the five MTCNN landmarks of the largest face of each frame, so it costs nothing beyond the detection.
 * Landmark noise is about 0.02-0.03 IOD on a webcam face; the thresholds sit above it (measured by
 * `npm run eval:burst`).
 */
import type { Landmarks5, Point } from '../types.js';
import { applyHomography, homographyFrom4 } from './homography.js';

/** Parallax (IOD) from which a frame shows depth: about a 10° turn of a real head, twice landmark noise. */
export const DEPTH_PARALLAX = 0.06;
/**
 * A frame whose four plane points foreshortened at least this much (1 − minor/major axis of their affine change,
 * a clear tilt or turn) while its nose stayed within FLAT_PARALLAX of the plane's prediction is a flat picture.
 * Chosen on NUAA's real webcam bursts (`npm run eval:burst`): 0 of 115 live bursts, 3-6 of 89 print bursts.
 */
export const TILT_FORESHORTENING = 0.1;
export const FLAT_PARALLAX = 0.04;
/** A frame whose landmarks all moved less than this (IOD) from another frame's is the same picture again. */
export const IDENTICAL_LANDMARKS = 1e-4;

export type MotionVerdict =
  /** Some frame shows the nose tip off the plane of eyes and mouth: a 3-D head. */
  | 'depth'
  /** The face tilted or turned as a whole, and the nose stayed on its plane: a flat picture moved in 3-D. */
  | 'planar'
  /** Too little out-of-plane movement to judge: the passive check decides. */
  | 'still'
  /** Two frames carry exactly the same landmarks: one picture sent twice (a replayed still). */
  | 'replayed';

export interface MotionMeasures {
  verdict: MotionVerdict;
  /** Largest parallax of the nose tip over the frames, in IOD of the frame (NaN when not measurable). */
  parallax: number;
  /** Largest foreshortening of the four plane points over the frames (0 = moved as a similarity). */
  foreshortening: number;
  /** Frames compared with the first. */
  compared: number;
}

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Eyes and mouth corners (landmarks 0, 1, 3, 4): the face's near-planar points. */
function planePoints(l: Landmarks5): Point[] {
  return [l[0], l[1], l[3], l[4]];
}

/** Ratio-based anisotropy of the least-squares affine map between two sets of four points: 1 − σmin/σmax. */
export function foreshortening(from: readonly Point[], to: readonly Point[]): number {
  const mean = (ps: readonly Point[]) => ({
    x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
    y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
  });
  const mf = mean(from);
  const mt = mean(to);
  // Normal equations of the centred linear part: A = (T^T F)(F^T F)^-1.
  let fxx = 0, fxy = 0, fyy = 0, txfx = 0, txfy = 0, tyfx = 0, tyfy = 0; // prettier-ignore
  for (let i = 0; i < from.length; i++) {
    const fx = from[i]!.x - mf.x, fy = from[i]!.y - mf.y; // prettier-ignore
    const tx = to[i]!.x - mt.x, ty = to[i]!.y - mt.y; // prettier-ignore
    fxx += fx * fx;
    fxy += fx * fy;
    fyy += fy * fy; // prettier-ignore
    txfx += tx * fx;
    txfy += tx * fy;
    tyfx += ty * fx;
    tyfy += ty * fy; // prettier-ignore
  }
  const det = fxx * fyy - fxy * fxy;
  if (Math.abs(det) < 1e-12) return NaN;
  const a = (txfx * fyy - txfy * fxy) / det;
  const b = (txfy * fxx - txfx * fxy) / det;
  const c = (tyfx * fyy - tyfy * fxy) / det;
  const d = (tyfy * fxx - tyfx * fxy) / det;
  // Singular values of [[a, b], [c, d]].
  const s = a * a + b * b + c * c + d * d;
  const root = Math.sqrt(Math.max(0, s * s - 4 * (a * d - b * c) ** 2));
  const major = Math.sqrt((s + root) / 2);
  const minor = Math.sqrt(Math.max(0, (s - root) / 2));
  return major > 0 ? 1 - minor / major : NaN;
}

/** How far the nose tip of `to` lies from where the plane through the other four points would carry it, in IOD. */
export function noseParallax(from: Landmarks5, to: Landmarks5): number {
  const h = homographyFrom4(planePoints(from), planePoints(to));
  if (!h) return NaN;
  const predicted = applyHomography(h, from[2]);
  const iod = dist(to[0], to[1]);
  return iod > 0 ? dist(predicted, to[2]) / iod : NaN;
}

/** True when two landmark sets are the same to within IDENTICAL_LANDMARKS of an IOD. */
export function sameLandmarks(a: Landmarks5, b: Landmarks5): boolean {
  const iod = Math.max(dist(a[0], a[1]), 1e-9);
  return a.every((p, i) => dist(p, b[i]!) / iod < IDENTICAL_LANDMARKS);
}

/**
 * The verdict on a burst: `frames[0]` is the reference (the verified capture), every other frame is compared with
 * it and with each other for replays. Fewer than two frames are `still`.
 */
export function judgeMotion(frames: readonly Landmarks5[]): MotionMeasures {
  for (let i = 0; i < frames.length; i++)
    for (let j = i + 1; j < frames.length; j++)
      if (sameLandmarks(frames[i]!, frames[j]!))
        return { verdict: 'replayed', parallax: 0, foreshortening: 0, compared: frames.length - 1 };
  const [first, ...rest] = frames;
  let parallax = NaN;
  let tilt = 0;
  let flatTilt = false;
  for (const frame of rest) {
    const p = noseParallax(first!, frame);
    if (Number.isFinite(p)) parallax = Number.isFinite(parallax) ? Math.max(parallax, p) : p;
    const f = foreshortening(planePoints(first!), planePoints(frame));
    if (Number.isFinite(f)) tilt = Math.max(tilt, f);
    // Judged per frame: a tilt is only evidence of flatness in the frame that shows it.
    if (f >= TILT_FORESHORTENING && p < FLAT_PARALLAX) flatTilt = true;
  }
  // A flat tilt outweighs parallax elsewhere: landmark noise makes 'depth' cheap, a clean planar tilt is not.
  const verdict: MotionVerdict = flatTilt ? 'planar' : parallax >= DEPTH_PARALLAX ? 'depth' : 'still';
  return { verdict, parallax, foreshortening: tilt, compared: rest.length };
}
