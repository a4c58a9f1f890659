/**
 * Local binary patterns (Ojala et al. 2002): each pixel is coded by which of its P neighbours on a circle of radius
 * R are at least as bright as it, and the codes of a region are counted in a histogram. With the "u2" mapping every
 * uniform pattern (at most two 0/1 transitions around the circle) keeps its own bin and all others share one:
 * P(P-1) + 3 bins (59 for P = 8, 243 for P = 16). Pure maths on float planes, no tfjs.
 */

/** One channel of an image, row-major. */
export interface Plane {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** A rectangle of pixel centres, `x0 <= x < x1`, `y0 <= y < y1`. */
export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Rounded so that neighbours that fall on pixel centres (cos 90° = 6e-17) are read exactly. */
const snap = (v: number): number => Math.round(v * 1e6) / 1e6;

interface Neighbour {
  /** Integer offsets of the top-left pixel of the 2x2 cell the neighbour falls in. */
  dx: number;
  dy: number;
  /** Fractions inside the cell (0 = exactly on the top-left pixel). */
  fx: number;
  fy: number;
}

/** Neighbour p sits at angle 2πp/P, counter-clockwise from the pixel on the right (image y grows downwards). */
function neighbours(points: number, radius: number): Neighbour[] {
  return Array.from({ length: points }, (_, p) => {
    const angle = (2 * Math.PI * p) / points;
    const x = snap(radius * Math.cos(angle));
    const y = snap(-radius * Math.sin(angle));
    const dx = Math.floor(x);
    const dy = Math.floor(y);
    return { dx, dy, fx: x - dx, fy: y - dy };
  });
}

/** Number of 0/1 changes walking once around the circle of `points` bits. */
export function transitions(code: number, points: number): number {
  let count = 0;
  for (let p = 0; p < points; p++) {
    const a = (code >> p) & 1;
    const b = (code >> ((p + 1) % points)) & 1;
    if (a !== b) count++;
  }
  return count;
}

/** Code -> bin of the u2 mapping: uniform codes in increasing order, then one bin for every other code. */
export interface UniformMapping {
  points: number;
  bins: number;
  table: Uint16Array;
}

const mappings = new Map<number, UniformMapping>();

export function uniformMapping(points: number): UniformMapping {
  const cached = mappings.get(points);
  if (cached) return cached;
  if (!Number.isInteger(points) || points < 2 || points > 16)
    throw new RangeError(`LBP points must be 2..16, got ${points}`);
  const size = 1 << points;
  const table = new Uint16Array(size);
  const bins = points * (points - 1) + 3;
  let next = 0;
  for (let code = 0; code < size; code++) table[code] = transitions(code, points) <= 2 ? next++ : bins - 1;
  const mapping = { points, bins, table };
  mappings.set(points, mapping);
  return mapping;
}

/**
 * Raw LBP codes of every pixel whose whole circle lies inside the plane; pixels closer than ⌈R⌉ to an edge get -1.
 * A neighbour between pixel centres is read by bilinear interpolation.
 */
export function lbpCodes(plane: Plane, points: number, radius: number): Int32Array {
  const { data, width, height } = plane;
  const out = new Int32Array(width * height).fill(-1);
  const m = Math.ceil(radius);
  if (width <= 2 * m || height <= 2 * m) return out;
  for (let y = m; y < height - m; y++) out.fill(0, y * width + m, y * width + width - m);
  // One neighbour at a time over every pixel: the loop body stays small and its constants hoisted (3x faster than
  // looping over the neighbours inside the pixel loop).
  for (const [p, n] of neighbours(points, radius).entries()) {
    const bit = 1 << p;
    const offset = n.dy * width + n.dx;
    const { fx, fy } = n;
    // Interpolate only when needed: a neighbour on a pixel centre is read exactly, and the lerp form keeps a flat
    // region flat (no rounding below the centre), so equal neighbours always set their bit. Each case has its own
    // loop so the inner loops carry no branches.
    const dx = fx !== 0 ? 1 : 0;
    const dy = fy !== 0 ? width : 0;
    for (let y = m; y < height - m; y++) {
      const rowEnd = y * width + width - m;
      if (dx === 0 && dy === 0) {
        for (let i = y * width + m; i < rowEnd; i++) if (data[i + offset]! >= data[i]!) out[i]! |= bit;
        continue;
      }
      for (let i = y * width + m; i < rowEnd; i++) {
        const j = i + offset;
        const v00 = data[j]!;
        const top = v00 + fx * (data[j + dx]! - v00);
        const v01 = data[j + dy]!;
        const bottom = v01 + fx * (data[j + dy + dx]! - v01);
        if (top + fy * (bottom - top) >= data[i]!) out[i]! |= bit;
      }
    }
  }
  return out;
}

/**
 * u2 histograms of `codes` over each region, each normalised to sum 1 (an empty region stays all zeros), written one
 * after the other into `out` from `offset`. Returns the offset after the last bin.
 */
export function regionHistograms(
  codes: Int32Array,
  width: number,
  mapping: UniformMapping,
  regions: readonly Region[],
  out: Float32Array,
  offset: number,
): number {
  let at = offset;
  for (const r of regions) {
    let total = 0;
    for (let y = r.y0; y < r.y1; y++) {
      for (let x = r.x0; x < r.x1; x++) {
        const code = codes[y * width + x]!;
        if (code < 0) continue;
        out[at + mapping.table[code]!]! += 1;
        total++;
      }
    }
    if (total > 0) for (let b = 0; b < mapping.bins; b++) out[at + b]! /= total;
    at += mapping.bins;
  }
  return at;
}

/** A `grid` x `grid` split of the plane, blocks overlapping by `overlap` (0..1) of a block's size. */
export function gridRegions(width: number, height: number, grid: number, overlap = 0): Region[] {
  if (grid === 1) return [{ x0: 0, y0: 0, x1: width, y1: height }];
  // Blocks of size s with step s(1 - overlap) covering the plane: s = W / (1 + (g - 1)(1 - overlap)).
  const span = (length: number) => length / (1 + (grid - 1) * (1 - overlap));
  const sw = span(width);
  const sh = span(height);
  const regions: Region[] = [];
  for (let gy = 0; gy < grid; gy++) {
    for (let gx = 0; gx < grid; gx++) {
      const x0 = Math.round(gx * sw * (1 - overlap));
      const y0 = Math.round(gy * sh * (1 - overlap));
      regions.push({ x0, y0, x1: Math.min(width, Math.round(x0 + sw)), y1: Math.min(height, Math.round(y0 + sh)) });
    }
  }
  return regions;
}
