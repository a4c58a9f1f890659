import { describe, expect, it } from 'vitest';
import type { Landmarks5 } from '../types.js';
import { applyHomography, homographyFrom4 } from './homography.js';
import { DEPTH_PARALLAX, foreshortening, judgeMotion, noseParallax } from './planar-motion.js';

/** A mean face in IOD units: eyes, nose tip (0.4 in front of the eye/mouth plane), mouth corners. */
const FACE_3D: readonly [number, number, number][] = [
  [-0.5, 0, 0],
  [0.5, 0, 0],
  [0, 0.56, -0.4],
  [-0.4, 1.15, 0],
  [0.4, 1.15, 0],
];

/** Pinhole view of points turned by `yawDeg` and `pitchDeg` about the face's centre, 70 px per IOD, 5 IOD away. */
function view(points: readonly [number, number, number][], yawDeg: number, pitchDeg = 0, shiftX = 0): Landmarks5 {
  const [yaw, pitch] = [yawDeg, pitchDeg].map((d) => (d * Math.PI) / 180) as [number, number];
  const out = points.map(([x, y0, z0]) => {
    const y = y0 - 0.55;
    const xr = x * Math.cos(yaw) + z0 * Math.sin(yaw);
    const zr = -x * Math.sin(yaw) + z0 * Math.cos(yaw);
    const yr = y * Math.cos(pitch) - zr * Math.sin(pitch);
    const zz = y * Math.sin(pitch) + zr * Math.cos(pitch) + 5;
    return { x: 320 + shiftX + (70 * 5 * xr) / zz, y: 240 + (70 * 5 * yr) / zz };
  });
  return out as unknown as Landmarks5;
}

/** The same face printed flat: the nose tip lies on the paper. */
const PRINT_3D = FACE_3D.map(([x, y]) => [x, y, 0] as [number, number, number]);

describe('homography', () => {
  it('maps the four points it was fixed on onto their partners, and a fifth coplanar point correctly', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 10 },
      { x: 10, y: 10 },
    ];
    const to = from.map((p) => ({ x: 2 * p.x + 3 + 0.01 * p.x * p.y, y: p.y - 1 }));
    const h = homographyFrom4(from, to)!;
    for (let i = 0; i < 4; i++) {
      expect(applyHomography(h, from[i]!).x).toBeCloseTo(to[i]!.x, 6);
      expect(applyHomography(h, from[i]!).y).toBeCloseTo(to[i]!.y, 6);
    }
    expect(homographyFrom4(from, [to[0]!, to[0]!, to[0]!, to[1]!])).toBeNull();
  });
});

describe('judgeMotion', () => {
  it('sees depth when a real head turns: the nose tip leaves the plane of eyes and mouth', () => {
    const frames = [view(FACE_3D, 0), view(FACE_3D, 8), view(FACE_3D, 16)];
    expect(noseParallax(frames[0]!, frames[2]!)).toBeGreaterThan(DEPTH_PARALLAX);
    expect(judgeMotion(frames).verdict).toBe('depth');
  });

  it('calls a print turned and tilted in 3-D planar: it foreshortens, and its nose stays on the paper', () => {
    const frames = [view(PRINT_3D, 0), view(PRINT_3D, 30, 10), view(PRINT_3D, -35)];
    const measures = judgeMotion(frames);
    expect(measures.parallax).toBeLessThan(1e-6);
    expect(measures.foreshortening).toBeGreaterThan(0.1);
    expect(measures.verdict).toBe('planar');
  });

  it('calls a head turned as far as the print real, not planar', () => {
    expect(judgeMotion([view(FACE_3D, 0), view(FACE_3D, 30, 10), view(FACE_3D, -35)]).verdict).toBe('depth');
  });

  it('leaves a burst without out-of-plane movement undecided (still), whether head or print', () => {
    expect(judgeMotion([view(FACE_3D, 0), view(FACE_3D, 0, 0, 12), view(FACE_3D, 0, 0, -8)]).verdict).toBe('still');
    expect(judgeMotion([view(PRINT_3D, 0), view(PRINT_3D, 0, 0, 12)]).verdict).toBe('still');
  });

  it('calls a frame sent twice replayed', () => {
    const frames = [view(FACE_3D, 0), view(FACE_3D, 10), view(FACE_3D, 10)];
    expect(judgeMotion(frames).verdict).toBe('replayed');
  });

  it('measures no foreshortening for a similarity and some for a squeeze', () => {
    const quad = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 1, y: 12 },
      { x: 9, y: 12 },
    ];
    const rotated = quad.map((p) => ({ x: 2 * (p.x * 0.8 - p.y * 0.6) + 5, y: 2 * (p.x * 0.6 + p.y * 0.8) }));
    expect(foreshortening(quad, rotated)).toBeCloseTo(0, 9);
    expect(
      foreshortening(
        quad,
        quad.map((p) => ({ x: 0.8 * p.x, y: p.y })),
      ),
    ).toBeCloseTo(0.2, 9);
  });
});
