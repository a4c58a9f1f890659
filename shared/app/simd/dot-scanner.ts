/**
 * Dot products of a query with every row of a template matrix. The rows live in a WebAssembly memory and are
 * scanned four lanes at a time (dot-scan.wat), about 4x the plain JS loop, which matters at 100k templates; where
 * wasm SIMD is unavailable or the width does not fit, the JS loop gives the same results.
 */
import { DOT_SCAN_WASM_BASE64 } from './dot-scan-wasm.js';
import { wasm, type WasmMemory, type WasmModule } from './webassembly.js';

export interface DotScanner {
  /**
   * out[r] = query . row r for the first `count` rows (default: the rows it was made with); `out` is reused
   * between calls: copy what you keep.
   */
  scan(query: Float32Array, count?: number): Float32Array;
  /** The rows' storage, `capacity` x dims: rows are written here in place (the 1:N index adds and removes). */
  readonly rows: Float32Array;
  readonly capacity: number;
}

let compiled: WasmModule | null | undefined;

/** The compiled dot-scan.wat, or null where wasm SIMD is unavailable. */
export function simdModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(Buffer.from(DOT_SCAN_WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled ?? null;
}

const PAGE = 65536;

class WasmDotScanner implements DotScanner {
  private readonly scanFn: (q: number, data: number, rows: number, dims: number, out: number) => void;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly dataPtr: number;
  readonly rows: Float32Array;

  constructor(
    module: WasmModule,
    initial: Float32Array,
    private readonly count: number,
    private readonly dims: number,
    readonly capacity: number,
  ) {
    const bytes = (dims + capacity * dims + capacity) * 4;
    const instance = new wasm.Instance(module, {});
    // The module declares one page of memory; grow it to hold the query, the rows and the output.
    const mem = instance.exports['memory'] as WasmMemory;
    const needed = Math.ceil(bytes / PAGE) - mem.buffer.byteLength / PAGE;
    if (needed > 0) mem.grow(needed);
    this.scanFn = instance.exports['scan'] as WasmDotScanner['scanFn'];
    const buffer = mem.buffer;
    this.query = new Float32Array(buffer, 0, dims);
    this.dataPtr = dims * 4;
    this.rows = new Float32Array(buffer, this.dataPtr, capacity * dims);
    this.rows.set(initial.subarray(0, count * dims));
    this.out = new Float32Array(buffer, this.dataPtr + capacity * dims * 4, capacity);
  }

  scan(query: Float32Array, count = this.count): Float32Array {
    this.query.set(query);
    this.scanFn(0, this.dataPtr, count, this.dims, this.out.byteOffset);
    return this.out.subarray(0, count);
  }
}

class JsDotScanner implements DotScanner {
  private readonly out: Float32Array;
  readonly rows: Float32Array;
  constructor(
    initial: Float32Array,
    private readonly count: number,
    private readonly dims: number,
    readonly capacity: number,
  ) {
    this.rows = new Float32Array(capacity * dims);
    this.rows.set(initial.subarray(0, count * dims));
    this.out = new Float32Array(capacity);
  }
  scan(query: Float32Array, count = this.count): Float32Array {
    const { rows, dims } = this;
    for (let r = 0, o = 0; r < count; r++, o += dims) {
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += query[i]! * rows[o + i]!;
      this.out[r] = dot;
    }
    return this.out.subarray(0, count);
  }
}

/**
 * A scanner over `rows` (count x dims, row-major), the data copied into storage for `capacity` rows (default
 * `count`), so rows can be added in place up to it.
 */
export function createDotScanner(
  rows: Float32Array,
  count: number,
  dims: number,
  prefer: 'simd' | 'js' = 'simd',
  capacity = count,
): DotScanner {
  if (capacity < count) throw new RangeError(`capacity ${capacity} is below the ${count} rows given`);
  const module = prefer === 'simd' && dims % 8 === 0 && capacity > 0 ? simdModule() : null;
  return module
    ? new WasmDotScanner(module, rows, count, dims, capacity)
    : new JsDotScanner(rows, count, dims, capacity);
}
