import type { Point } from '../types.js';

/** 2x3 affine matrix [a, b, tx, c, d, ty]: x' = a x + b y + tx, y' = c x + d y + ty. */
export type Affine = readonly [number, number, number, number, number, number];

/**
 * Least-squares similarity (rotation, uniform scale, translation; no shear, no reflection) mapping `src` onto `dst`
 * (Umeyama, 1991, in closed form for 2-D).
 */
export function similarityTransform(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  if (n < 2 || n !== dst.length) throw new Error('similarityTransform needs two equal lists of at least 2 points');
  let sx = 0,
    sy = 0,
    dx = 0,
    dy = 0;
  for (let i = 0; i < n; i++) {
    sx += src[i]!.x;
    sy += src[i]!.y;
    dx += dst[i]!.x;
    dy += dst[i]!.y;
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  // With complex numbers z = x + iy, the best similarity is w = s z + t where s = sum(conj(zs) zd) / sum(|zs|^2).
  let num_re = 0,
    num_im = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    const ax = src[i]!.x - sx,
      ay = src[i]!.y - sy;
    const bx = dst[i]!.x - dx,
      by = dst[i]!.y - dy;
    num_re += ax * bx + ay * by;
    num_im += ax * by - ay * bx;
    den += ax * ax + ay * ay;
  }
  if (den === 0) throw new Error('similarityTransform: source points are all identical');
  const a = num_re / den;
  const b = num_im / den;
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, tx, c, d, ty] = m;
  const det = a * d - b * c;
  if (det === 0) throw new Error('invertAffine: singular matrix');
  const ia = d / det,
    ib = -b / det,
    ic = -c / det,
    id = a / det;
  return [ia, ib, -(ia * tx + ib * ty), ic, id, -(ic * tx + id * ty)];
}

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

/** Uniform scale factor of a similarity matrix. */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}
