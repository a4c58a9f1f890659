/**
 * The input of faceplugin's fr_liveness.onnx (a MiniFASNet-style network as in minivision's Silent-Face-Anti-Spoofing):
 * the face box squared on its height, enlarged `scale` times about its centre (shrunk to fit and shifted inside
 * the image, as minivision's CropImage does), resized bilinearly to size x size, as raw 0..255 floats, NCHW, in
 * BGR order. The package's own JS feeds RGB; measured on the spoof set, RGB lets ~22% of prints through, BGR 0.1%.
 */
import type { Box, RgbImage } from '../../types.js';

export interface LivenessCropSpec {
  /** Output side in pixels (the network's input: 128). */
  size: number;
  /** How many times the squared face box the crop spans (2.7 for this model). */
  scale: number;
  channelOrder: 'bgr' | 'rgb';
  /**
   * 'bilinear' samples 4 pixels per output pixel (cv2 INTER_LINEAR); 'area' averages every source pixel an output
   * pixel covers (cv2 INTER_AREA), a low-pass that takes most of an attacker's pixel noise out before the network.
   */
  resize: 'bilinear' | 'area';
}

/** The square region cut out of `image` (image pixels), before resizing. */
export function livenessRegion(image: { width: number; height: number }, box: Box, scale: number): Box {
  const side0 = box.height;
  if (!(side0 > 0 && box.width > 0))
    throw new RangeError(`face box must have a positive size, got ${JSON.stringify(box)}`);
  const s = Math.min(scale, (image.height - 1) / side0, (image.width - 1) / side0);
  const side = side0 * s;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let x0 = cx - side / 2;
  let y0 = cy - side / 2;
  // Shift back inside rather than pad: the network was trained on crops of real pixels.
  x0 = Math.min(Math.max(0, x0), image.width - 1 - side);
  y0 = Math.min(Math.max(0, y0), image.height - 1 - side);
  return { x: x0, y: y0, width: side, height: side };
}

/** The NCHW float tensor data (3 x size x size) of `box`'s face. */
export function livenessInput(image: RgbImage, box: Box, spec: LivenessCropSpec): Float32Array {
  const region = livenessRegion(image, box, spec.scale);
  if (spec.resize === 'area' && region.width > spec.size) return areaResize(image, region, spec);
  const { size } = spec;
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  const [c0, c2] = spec.channelOrder === 'bgr' ? [2, 0] : [0, 2];
  const step = region.width / size;
  const { width: W, height: H, data } = image;
  for (let v = 0; v < size; v++) {
    // Pixel-centre mapping as in cv2.resize (INTER_LINEAR).
    const sy = Math.min(Math.max(region.y + (v + 0.5) * step - 0.5, 0), H - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, H - 1);
    const fy = sy - y0;
    for (let u = 0; u < size; u++) {
      const sx = Math.min(Math.max(region.x + (u + 0.5) * step - 0.5, 0), W - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, W - 1);
      const fx = sx - x0;
      const a = (y0 * W + x0) * 3;
      const b = (y0 * W + x1) * 3;
      const c = (y1 * W + x0) * 3;
      const d = (y1 * W + x1) * 3;
      const o = v * size + u;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[a + ch]! + (data[b + ch]! - data[a + ch]!) * fx;
        const bottom = data[c + ch]! + (data[d + ch]! - data[c + ch]!) * fx;
        const value = top + (bottom - top) * fy;
        const dst = ch === 0 ? c0 : ch === 2 ? c2 : 1;
        out[dst * plane + o] = value;
      }
    }
  }
  return out;
}

function areaResize(image: RgbImage, region: Box, spec: LivenessCropSpec): Float32Array {
  const { size } = spec;
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  const [c0, c2] = spec.channelOrder === 'bgr' ? [2, 0] : [0, 2];
  const step = region.width / size;
  const { width: W, height: H, data } = image;
  // Per output row/column, the source span [start, end) with fractional weights at both ends.
  const spans = (origin: number, limit: number) =>
    Array.from({ length: size }, (_, k) => {
      const a = Math.max(0, origin + k * step);
      const b = Math.min(limit, origin + (k + 1) * step);
      const idx: number[] = [];
      const w: number[] = [];
      for (let p = Math.floor(a); p < Math.ceil(b); p++) {
        const cover = Math.min(b, p + 1) - Math.max(a, p);
        if (cover > 0) {
          idx.push(p);
          w.push(cover);
        }
      }
      return { idx, w };
    });
  const rows = spans(region.y, H);
  const cols = spans(region.x, W);
  const acc = [0, 0, 0];
  for (let v = 0; v < size; v++) {
    const r = rows[v]!;
    for (let u = 0; u < size; u++) {
      const c = cols[u]!;
      acc[0] = acc[1] = acc[2] = 0;
      let total = 0;
      for (let i = 0; i < r.idx.length; i++) {
        const rowBase = r.idx[i]! * W;
        const wy = r.w[i]!;
        for (let j = 0; j < c.idx.length; j++) {
          const wgt = wy * c.w[j]!;
          const o = (rowBase + c.idx[j]!) * 3;
          acc[0] += data[o]! * wgt;
          acc[1] += data[o + 1]! * wgt;
          acc[2] += data[o + 2]! * wgt;
          total += wgt;
        }
      }
      const o = v * size + u;
      out[c0 * plane + o] = acc[0] / total;
      out[plane + o] = acc[1] / total;
      out[c2 * plane + o] = acc[2] / total;
    }
  }
  return out;
}
