/**
 * An int8 copy of a template matrix for the first, approximate pass of a 1:N search: each row's slice of each part
 * (a fused template has several) is stored as int8 values with its own scale, a quarter of the float32 rows' bytes.
 * `filter` scans it against an int16 query in WebAssembly SIMD (`filter_i8` in dot-scan.wat): the integer dot
 * products are exact, and with each row's scale they bound the row's true score from above, so the rows that cannot
 * reach a floor are dropped there and the caller scores only the rest on the float rows (../int8-search.ts).
 */
import { simdModule } from './dot-scanner.js';
import { wasm, type WasmMemory, type WasmModule } from './webassembly.js';

const PAGE = 65536;
const I8_MAX = 127;
const I16_MAX = 32767;
/** Most rows one `filter` call may pass (its output buffer). */
export const FILTER_CHUNK = 65536;
const DESCRIPTOR_BYTES = 96;

/** A part of the template with its metric and, for a fused metric, its z-normalisation and weight. */
export interface ScoredPart {
  offset: number;
  dims: number;
  metric: 'euclidean' | 'cosine';
  mean: number;
  sd: number;
  weight: number;
}

type FilterI8 = (
  data: number,
  start: number,
  end: number,
  stride: number,
  parts: number,
  nparts: number,
  floor: number,
  outRows: number,
  outHighs: number,
) => number;

/** Byte offsets of the regions of the wasm memory. */
interface Layout {
  descriptors: number;
  query: number;
  outRows: number;
  outHighs: number;
  data: number;
  /** Per part: the rows' scales (f32), L1 norms of the dequantised rows (f32), norms (f64, see `norm`). */
  scale: number[];
  l1: number[];
  norm: number[];
  end: number;
}

function layout(parts: readonly ScoredPart[], stride: number, capacity: number): Layout {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at = Math.ceil((at + bytes) / 16) * 16;
    return start;
  };
  const descriptors = take(parts.length * DESCRIPTOR_BYTES);
  const query = take(stride * 2);
  const outRows = take(FILTER_CHUNK * 4);
  const outHighs = take(FILTER_CHUNK * 8);
  const data = take(capacity * stride);
  const scale = parts.map(() => take(capacity * 4));
  const l1 = parts.map(() => take(capacity * 4));
  const norm = parts.map(() => take(capacity * 8));
  return { descriptors, query, outRows, outHighs, data, scale, l1, norm, end: at };
}

export class Int8Rows {
  readonly stride: number;
  private readonly filterFn: FilterI8;
  private readonly at: Layout;
  private readonly bytes: Int8Array;
  private readonly query16: Int16Array;
  private readonly descriptors: Float64Array;
  private readonly outRows: Int32Array;
  private readonly outHighs: Float64Array;
  private readonly scale: Float32Array[];
  private readonly l1: Float32Array[];
  /** Per part and row: the squared norm (Euclidean part) or the inverse norm (cosine part), of the float row. */
  private readonly norm: Float64Array[];
  /** Sum of weight * mean / sd over the parts: the fused score is the weighted sum minus this. */
  private shift = 0;
  /**
   * A single Euclidean part is filtered on its rank 2 q.t - |t|^2 (the score is 1 - sqrt(|q|^2 - rank)): the same
   * order without a square root per row, which cost more than the int8 dot products. The query's |q|^2, else null.
   */
  private rankOf: number | null = null;

  private constructor(
    module: WasmModule,
    readonly parts: readonly ScoredPart[],
    readonly capacity: number,
  ) {
    this.stride = parts.reduce((s, p) => Math.max(s, p.offset + p.dims), 0);
    this.at = layout(parts, this.stride, capacity);
    const instance = new wasm.Instance(module, {});
    const mem = instance.exports['memory'] as WasmMemory;
    const needed = Math.ceil(this.at.end / PAGE) - mem.buffer.byteLength / PAGE;
    if (needed > 0) mem.grow(needed);
    this.filterFn = instance.exports['filter_i8'] as FilterI8;
    const buffer = mem.buffer;
    this.descriptors = new Float64Array(buffer, this.at.descriptors, (parts.length * DESCRIPTOR_BYTES) / 8);
    this.query16 = new Int16Array(buffer, this.at.query, this.stride);
    this.outRows = new Int32Array(buffer, this.at.outRows, FILTER_CHUNK);
    this.outHighs = new Float64Array(buffer, this.at.outHighs, FILTER_CHUNK);
    this.bytes = new Int8Array(buffer, this.at.data, capacity * this.stride);
    this.scale = this.at.scale.map((o) => new Float32Array(buffer, o, capacity));
    this.l1 = this.at.l1.map((o) => new Float32Array(buffer, o, capacity));
    this.norm = this.at.norm.map((o) => new Float64Array(buffer, o, capacity));
  }

  /**
   * Storage for `capacity` rows scored as `parts`, or null where wasm SIMD is missing or a part's offset or width is
   * not a multiple of 32 (the scan's step) and 16: the caller then scans the float rows.
   */
  static create(parts: readonly ScoredPart[], capacity: number): Int8Rows | null {
    const module = simdModule();
    if (!module || parts.length === 0 || parts.some((p) => p.dims % 32 !== 0 || p.offset % 16 !== 0)) return null;
    return new Int8Rows(module, parts, Math.max(1, capacity));
  }

  /** Bytes of wasm memory held: the int8 rows, their scales and norms, the query and the filter's output. */
  get memoryBytes(): number {
    return this.at.end;
  }

  /** Quantises float row `values` (the whole template) into row `r`. */
  set(r: number, values: Float32Array): void {
    const base = r * this.stride;
    this.parts.forEach((part, p) => {
      let max = 0;
      for (let i = part.offset; i < part.offset + part.dims; i++) max = Math.max(max, Math.abs(values[i]!));
      // The scale as stored (float32), so each value's rounding error is at most half of it.
      const scale = Math.fround(max / I8_MAX);
      const inv = scale > 0 ? 1 / scale : 0;
      let l1 = 0;
      let sq = 0;
      for (let i = part.offset; i < part.offset + part.dims; i++) {
        const q = Math.max(-I8_MAX, Math.min(I8_MAX, Math.round(values[i]! * inv)));
        this.bytes[base + i] = q;
        l1 += Math.abs(q);
        sq += values[i]! * values[i]!;
      }
      this.scale[p]![r] = scale;
      this.l1[p]![r] = l1 * scale;
      this.norm[p]![r] = part.metric === 'euclidean' ? sq : 1 / (Math.sqrt(sq) || 1);
    });
  }

  /** Copies row `from` over row `to` (a removal fills its gap with the last row). */
  move(to: number, from: number): void {
    this.bytes.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
    for (let p = 0; p < this.parts.length; p++) {
      this.scale[p]![to] = this.scale[p]![from]!;
      this.l1[p]![to] = this.l1[p]![from]!;
      this.norm[p]![to] = this.norm[p]![from]!;
    }
  }

  /** A copy with room for `capacity` rows, the first `count` carried over. */
  grown(capacity: number, count: number): Int8Rows {
    const next = new Int8Rows(simdModule()!, this.parts, capacity);
    next.bytes.set(this.bytes.subarray(0, count * this.stride));
    for (let p = 0; p < this.parts.length; p++) {
      next.scale[p]!.set(this.scale[p]!.subarray(0, count));
      next.l1[p]!.set(this.l1[p]!.subarray(0, count));
      next.norm[p]!.set(this.norm[p]!.subarray(0, count));
    }
    return next;
  }

  /** Sets the query (the whole template) for the next `filter` calls; returns each part's squared norm. */
  prepare(query: Float32Array): number[] {
    this.shift = 0;
    const byRank = this.parts.length === 1 && this.parts[0]!.metric === 'euclidean';
    const qns = this.parts.map((part, p) => {
      let max = 0;
      let l1 = 0;
      let qn = 0;
      for (let i = part.offset; i < part.offset + part.dims; i++) {
        const a = Math.abs(query[i]!);
        max = Math.max(max, a);
        l1 += a;
        qn += a * a;
      }
      const queryScale = max / I16_MAX;
      const inv = queryScale > 0 ? 1 / queryScale : 0;
      for (let i = part.offset; i < part.offset + part.dims; i++) this.query16[i] = Math.round(query[i]! * inv);
      // q.t - qs*rs*(q16.t8) = q.(t - rs*t8) + (q - qs*q16).(rs*t8): each value of the first error is at most rs/2,
      // of the second at most qs/2; a relative margin covers the float rounding of scales and sums.
      const margin = 1 + 1e-5;
      const gain = part.weight / part.sd;
      this.shift += gain * part.mean;
      this.descriptors.set(
        [
          part.offset,
          part.dims,
          byRank ? 2 : part.metric === 'euclidean' ? 0 : 1,
          queryScale,
          (l1 / 2) * margin,
          (queryScale / 2) * margin,
          part.metric === 'euclidean' ? qn : 1 / (Math.sqrt(qn) || 1),
          gain,
          this.at.scale[p]!,
          this.at.l1[p]!,
          this.at.norm[p]!,
          this.at.query + part.offset * 2,
        ],
        p * (DESCRIPTOR_BYTES / 8),
      );
      return qn;
    });
    this.rankOf = byRank ? qns[0]! : null;
    return qns;
  }

  /**
   * Rows start..end-1 (at most FILTER_CHUNK) whose score could reach `floor`, with an upper bound on each score;
   * the views are reused by the next call.
   */
  filter(start: number, end: number, floor: number): { rows: Int32Array; highs: Float64Array } {
    if (end - start > FILTER_CHUNK) throw new RangeError(`filter takes at most ${FILTER_CHUNK} rows at a time`);
    // The wasm sums weight/sd * score; the floor is on that sum minus the shift (a hair lower for the rounding), or
    // on the rank: score ≥ floor ⟺ rank ≥ |q|^2 - (1 - floor)^2 (no score is above 1).
    const qn = this.rankOf;
    const slack = 1e-9 * (1 + Math.abs(floor));
    const wasmFloor =
      floor === -Infinity
        ? -Infinity
        : qn !== null
          ? 1 - floor + slack < 0
            ? Infinity
            : qn - (1 - floor + slack) ** 2
          : floor + this.shift - slack;
    const found = this.filterFn(
      this.at.data,
      start,
      end,
      this.stride,
      this.at.descriptors,
      this.parts.length,
      wasmFloor,
      this.at.outRows,
      this.at.outHighs,
    );
    const highs = this.outHighs.subarray(0, found);
    if (qn !== null) for (let i = 0; i < found; i++) highs[i] = 1 - Math.sqrt(Math.max(0, qn - highs[i]!));
    else for (let i = 0; i < found; i++) highs[i] = highs[i]! - this.shift;
    return { rows: this.outRows.subarray(0, found), highs };
  }
}
