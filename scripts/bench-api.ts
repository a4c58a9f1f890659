/**
 * End-to-end API benchmark on the local stack:
 *   npm run bench:api -- --out <dir> [--requests 40] [--levels 1,2,4,8] [--face-workers N] [--baseline]
 *                        [--templates 10000,100000]
 * Starts the dev server (SQLite, local blobs) in a child process on a free port, enrolls people through the real
 * signed-upload flow, then times POST /v1/verify over HTTP at each concurrency level (p50/p95/p99, requests/s,
 * speed-up over concurrency 1) while GET /healthz is polled during the highest level (its p99 shows whether the
 * event loop stays free). --baseline runs the same against a server doing the face work on its request thread
 * (FACEGATE_FACE_WORKERS=0), in the same run. Then times the 1:N identify search at tenant sizes: the int8 search
 * (first pass + exact re-rank) and the float SIMD search alternating on one matrix, with the SIMD and plain-JS scans
 * as same-run baselines; --fused-templates adds the fused 640-d template. With --index-db, the 1:N index at 100k and 1M templates of one tenant on that
 * MySQL/MariaDB server (cold load with decrypt, resident memory, search p50/p95, incremental refresh; see
 * lib/index-at-scale.ts). --skip-http skips the HTTP part: only the search figures (when --templates is given) and
 * the index on MariaDB (when --index-db is).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceEngine } from '../shared/face/create-face-engine.js';
import { TemplateMatrix } from '../shared/app/template-index.js';
import type { SimilarityMetric } from '../shared/face/matching/similarity.js';
import { createDotScanner } from '../shared/app/simd/dot-scanner.js';
import { percentile } from '../shared/arrays/percentile.js';
import { buildSampleFrames } from './lib/bench-images.js';
import { numberOption, parseCommandLine, runCli, UsageError } from './lib/cli.js';
import { formatTable } from './lib/format-table.js';
import { enroll, startLocalStack, verifyBody, type LocalStack } from './lib/local-stack-process.js';
import { indexAtScale } from './lib/index-at-scale.js';

const usage =
  'usage: npm run bench:api -- --out <dir> [--requests 40] [--levels 1,2,4,8] [--face-workers N] [--baseline] ' +
  '[--templates 10000,100000] [--fused-templates 100000] [--index-db mysql://root@127.0.0.1:3306/ [--index-sizes 100000,1000000]] [--skip-http]';

const stats = (ms: number[]) => ({
  p50: percentile(ms, 50),
  p95: percentile(ms, 95),
  p99: percentile(ms, 99),
  max: Math.max(...ms),
  mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  n: ms.length,
});
type Stats = ReturnType<typeof stats>;

interface Level extends Stats {
  concurrency: number;
  rps: number;
  granted: number;
  speedup: number;
}

interface ModeResult {
  faceWorkers: string;
  enrolled: number;
  idleHealthz: Stats;
  levels: Level[];
  /** GET /healthz polled while verify ran at the highest concurrency. */
  healthzUnderLoad: Stats & { concurrency: number };
}

async function timeHealthz(base: string): Promise<number> {
  const t = performance.now();
  await (await fetch(`${base}/healthz`)).arrayBuffer();
  return performance.now() - t;
}

async function runMode(
  faceWorkers: string | undefined,
  frames: Uint8Array[],
  again: Uint8Array[],
  levels: number[],
  requests: number,
): Promise<ModeResult> {
  const label = faceWorkers ?? 'default (one per core)';
  process.stderr.write(`bench:api: starting the local stack, FACEGATE_FACE_WORKERS=${label}…\n`);
  const stack: LocalStack = await startLocalStack(
    faceWorkers === undefined ? {} : { FACEGATE_FACE_WORKERS: faceWorkers },
  );
  try {
    const people: { username: string; body: string }[] = [];
    for (const [i, photo] of frames.entries()) {
      const username = `bench-${i}`;
      const status = await enroll(stack, username, photo);
      if (status === 'active') people.push({ username, body: verifyBody(username, again[i]!) });
      else process.stderr.write(`bench:api: frame ${i} not enrolled (${status}); skipped\n`);
    }
    if (people.length === 0) throw new Error('no frame could be enrolled');

    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await timeHealthz(stack.base));

    const verify = async (n: number) => {
      const person = people[n % people.length]!;
      const t = performance.now();
      const r = await fetch(`${stack.base}/v1/verify`, {
        method: 'POST',
        headers: { ...stack.auth, 'Content-Type': 'application/json' },
        body: person.body,
      });
      const body = (await r.json()) as { decision?: string };
      return { ms: performance.now() - t, granted: body.decision === 'granted' };
    };
    // Warm-up: every worker's first requests (JIT, wasm, first tensors) are not what we measure.
    await Promise.all(Array.from({ length: Math.max(...levels) }, (_, i) => verify(i)));

    const results: Level[] = [];
    const loaded: number[] = [];
    const top = Math.max(...levels);
    for (const concurrency of levels) {
      const latencies: number[] = [];
      let granted = 0;
      let next = 0;
      const total = Math.max(requests, 4 * concurrency);
      let running = true;
      // At the highest level, a client polls /healthz the whole time, one request after another.
      const poller =
        concurrency === top
          ? (async () => {
              while (running) {
                loaded.push(await timeHealthz(stack.base));
                await new Promise((r) => setTimeout(r, 10));
              }
            })()
          : Promise.resolve();
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next++;
            const r = await verify(next);
            latencies.push(r.ms);
            if (r.granted) granted++;
          }
        }),
      );
      const wall = (performance.now() - start) / 1000;
      running = false;
      await poller;
      const rps = latencies.length / wall;
      results.push({ concurrency, ...stats(latencies), rps, granted, speedup: rps / (results[0]?.rps ?? rps) });
      process.stderr.write(`bench:api: concurrency ${concurrency}: ${rps.toFixed(1)} req/s\n`);
    }
    return {
      faceWorkers: label,
      enrolled: people.length,
      idleHealthz: stats(idle),
      levels: results,
      healthzUnderLoad: { concurrency: top, ...stats(loaded) },
    };
  } finally {
    await stack.stop();
  }
}

interface SearchFigure {
  /** int8 first pass + exact re-rank (the default from QUANTIZE_FROM_ROWS rows). */
  int8: Stats;
  /** The float SIMD search (the previous default), same matrix, queries interleaved with the int8 ones. */
  float: Stats;
  scanOnly: Stats;
  js: Stats | null;
  /** Float search p50 over int8 search p50, and over the JS scan. */
  speedup: number;
  speedupOverJs: number | null;
  rescoredP50: number;
  /** The float rows and the int8 copy (its scales and norms included), and the process's RSS after the run. */
  memoryMb: { floatRows: number; int8Copy: number; rss: number };
  dims: number;
  metric: string;
}

const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

/** Unit-length random rows of `dims` (the embedders' templates are unit length or close to it). */
function randomRows(n: number, dims: number): Float32Array {
  const data = new Float32Array(n * dims);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < dims; i++) s += (data[r * dims + i] = Math.random() - 0.5) ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < dims; i++) data[r * dims + i]! *= inv;
  }
  return data;
}

/**
 * Identify search at each size: the int8 search, the float SIMD search and the SIMD scan alone on one matrix, the
 * queries interleaved so the ratios hold under the machine's load; 128-d (one network) and, with `fusedSizes`, the
 * default fused 640-d template (FRN 128 Euclidean + ArcFace 512 cosine).
 */
function searchFigures(sizes: number[], fusedSizes: number[] = []): Record<string, SearchFigure> {
  const search: Record<string, SearchFigure> = {};
  const fusion: SimilarityMetric = {
    kind: 'fusion',
    parts: [
      { id: 'frn128-v1', metric: 'euclidean', dims: 128, mean: 0.205, sd: 0.096, weight: 0.85 },
      { id: 'arc512-v1', metric: 'cosine', dims: 512, mean: 0.04, sd: 0.112, weight: 0.15 },
    ],
  };
  const runs = [
    ...sizes.map((n) => ({ n, dims: 128, metric: 'euclidean' as const, label: String(n) })),
    ...fusedSizes.map((n) => ({ n, dims: 640, metric: fusion, label: `${n} fused` })),
  ];
  for (const { n, dims, metric, label } of runs) {
    global.gc?.();
    let data: Float32Array | null = randomRows(n, dims);
    const matrix = new TemplateMatrix(
      Array.from({ length: n }, (_, i) => `u${i}`),
      data,
      dims,
      n,
      { scan: 'float' },
    );
    const query = (q: number) => data!.slice(((q * 7919) % n) * dims, (((q * 7919) % n) + 1) * dims);
    const queries = Array.from({ length: 40 }, (_, q) => query(q));
    const fused = typeof metric === 'object';
    // The plain-JS scan only for one network (the fused float search is itself plain JS).
    // The plain-JS scan only for one network (the fused float search is itself plain JS).
    const js = fused ? null : createDotScanner(data, n, dims, 'js');
    const scanner = fused ? null : createDotScanner(data, n, dims, 'simd');
    data = null;
    matrix.scanMode = 'int8';
    matrix.search(queries[0]!, metric, 2); // builds the int8 copy
    const int8Ms: number[] = [];
    const floatMs: number[] = [];
    const scanMs: number[] = [];
    const jsMs: number[] = [];
    const rescored: number[] = [];
    // The fused float search is slow at 1M: fewer queries there.
    const total = fused && n > 200_000 ? 12 : 40;
    const warm = fused && n > 200_000 ? 2 : 5;
    for (let q = 0; q < total; q++) {
      const v = queries[q]!;
      matrix.scanMode = 'int8';
      let t = performance.now();
      const a = matrix.search(v, metric, 2);
      int8Ms.push(performance.now() - t);
      rescored.push(matrix.lastRescored);
      matrix.scanMode = 'float';
      t = performance.now();
      const b = matrix.search(v, metric, 2);
      floatMs.push(performance.now() - t);
      if (a.hits.map((h) => h.userId).join() !== b.hits.map((h) => h.userId).join())
        throw new Error(`int8 and float search disagree at ${label}, query ${q}`);
      if (scanner) {
        t = performance.now();
        scanner.scan(v);
        scanMs.push(performance.now() - t);
      }
      if (js) {
        t = performance.now();
        js.scan(v);
        jsMs.push(performance.now() - t);
      }
    }
    const i8 = stats(int8Ms.slice(warm));
    const fl = stats(floatMs.slice(warm));
    const j = js ? stats(jsMs.slice(warm)) : null;
    search[label] = {
      int8: i8,
      float: fl,
      scanOnly: scanner ? stats(scanMs.slice(warm)) : fl,
      js: j,
      speedup: fl.p50 / i8.p50,
      speedupOverJs: j ? j.p50 / i8.p50 : null,
      rescoredP50: percentile(rescored.slice(warm), 50),
      memoryMb: { floatRows: (n * dims * 4) / 2 ** 20, int8Copy: matrix.int8Bytes / 2 ** 20, rss: mb() },
      dims,
      metric: fused ? 'fused FRN 128 + ArcFace 512' : 'euclidean',
    };
    process.stderr.write(
      `bench:api: search at ${label}: int8 ${i8.p50.toFixed(1)} ms, float ${fl.p50.toFixed(1)} ms\n`,
    );
  }
  return search;
}

const f = (v: number) => v.toFixed(1);

function printMode(mode: ModeResult): void {
  console.log(`\nFACEGATE_FACE_WORKERS=${mode.faceWorkers}; ${mode.enrolled} enrolled`);
  console.log(
    formatTable(
      ['POST /v1/verify', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'vs c1', 'granted'],
      mode.levels.map((v) => [
        `concurrency ${v.concurrency}`,
        f(v.p50),
        f(v.p95),
        f(v.p99),
        f(v.rps),
        `${v.speedup.toFixed(2)}x`,
        `${v.granted}/${v.n}`,
      ]),
    ),
  );
  const h = mode.healthzUnderLoad;
  console.log(
    `GET /healthz idle p50 ${f(mode.idleHealthz.p50)} ms; while verify runs at concurrency ${h.concurrency}: ` +
      `p50 ${f(h.p50)}, p99 ${f(h.p99)}, max ${f(h.max)} ms (${h.n} requests)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    options: {
      out: { type: 'string' },
      requests: { type: 'string' },
      levels: { type: 'string' },
      'face-workers': { type: 'string' },
      baseline: { type: 'boolean' },
      templates: { type: 'string' },
      'index-db': { type: 'string' },
      'index-sizes': { type: 'string' },
      'skip-http': { type: 'boolean' },
      'fused-templates': { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError('--out is required');
  const requests = numberOption('requests', values.requests, { min: 4, max: 10_000, integer: true }) ?? 40;
  const levels = (values.levels ?? '1,2,4,8')
    .split(',')
    .map((s) => numberOption('levels', s, { min: 1, max: 64, integer: true })!);
  if (levels[0] !== 1) throw new UsageError('--levels must start at 1 (speed-ups are over concurrency 1)');
  const faceWorkers = numberOption('face-workers', values['face-workers'], { min: 1, max: 256, integer: true });
  const sizes = (values.templates ?? '10000,100000')
    .split(',')
    .map((s) => numberOption('templates', s, { min: 1, max: 1_000_000, integer: true })!);
  const fusedSizes = (values['fused-templates'] ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => numberOption('fused-templates', s, { min: 1, max: 1_000_000, integer: true })!);
  const indexSizes = (values['index-sizes'] ?? '100000,1000000')
    .split(',')
    .map((s) => numberOption('index-sizes', s, { min: 1, max: 5_000_000, integer: true })!);
  if (values['index-db'] && !values['index-db'].startsWith('mysql://'))
    throw new UsageError('--index-db takes a mysql:// server URL, e.g. mysql://root@127.0.0.1:3306/');
  const out = path.resolve(values.out);
  await mkdir(out, { recursive: true });
  if (values['skip-http']) {
    // Only the search figures (--templates) and/or the index on MariaDB (--index-db).
    if (values.templates || !values['index-db']) {
      const search = searchFigures(sizes, fusedSizes);
      await writeFile(path.join(out, 'bench-search.json'), JSON.stringify(search, null, 2) + '\n');
      printSearch(search);
    }
    if (values['index-db']) await runIndexAtScale(values['index-db'], indexSizes, out);
    return;
  }

  // Frames of different people, and a re-capture of each (slightly darker and recompressed).
  const engine = await createFaceEngine();
  const frames = (await buildSampleFrames(engine, out)).slice(0, 4).map((f) => f.bytes);
  if (frames.length < 2) throw new Error('could not build at least two single-face frames');
  const again = await Promise.all(
    frames.map((b) => sharp(b).modulate({ brightness: 0.9 }).jpeg({ quality: 80 }).toBuffer()),
  );

  const modes: ModeResult[] = [await runMode(faceWorkers?.toString(), frames, again, levels, requests)];
  if (values.baseline) modes.push(await runMode('0', frames, again, levels, requests));
  const search = searchFigures(sizes, fusedSizes);

  const result = {
    date: new Date().toISOString(),
    modelVersion: engine.modelVersion,
    backend: engine.backend,
    verify: modes,
    identify_search_ms: search,
  };
  await writeFile(path.join(out, 'bench-api.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(
    `${engine.modelVersion} on ${engine.backend}; ${requests} verify requests per level (at least 4 per client)`,
  );
  for (const mode of modes) printMode(mode);
  if (modes.length === 2) {
    const [pool, here] = modes as [ModeResult, ModeResult];
    const c1 = (m: ModeResult) => m.levels[0]!;
    console.log(
      `\nworkers vs request thread: c1 p50 ${f(c1(pool).p50)} vs ${f(c1(here).p50)} ms; ` +
        pool.levels.map((l, i) => `c${l.concurrency} ${f(l.rps)} vs ${f(here.levels[i]!.rps)} req/s`).join('; '),
    );
  }
  printSearch(search);
  console.log(`\nwrote ${path.join(out, 'bench-api.json')}`);
  if (values['index-db']) await runIndexAtScale(values['index-db'], indexSizes, out);
}

function printSearch(search: ReturnType<typeof searchFigures>): void {
  console.log('');
  console.log(
    formatTable(
      [
        'identify search',
        'int8 + re-rank p50 / p95 ms',
        'float SIMD p50 / p95 ms',
        'float / int8',
        'float scan alone p50 ms',
        'JS scan p50 ms',
        'rows re-ranked p50',
        'MB: float rows / int8 copy (RSS)',
      ],
      Object.entries(search).map(([k, v]) => [
        `${Number(k.split(' ')[0]).toLocaleString('en')} x ${v.dims}${v.dims === 640 ? ' (fused)' : ''}`,
        `${v.int8.p50.toFixed(2)} / ${v.int8.p95.toFixed(2)}`,
        `${v.float.p50.toFixed(2)} / ${v.float.p95.toFixed(2)}`,
        `${v.speedup.toFixed(2)}x`,
        v.dims === 640 ? '-' : v.scanOnly.p50.toFixed(2),
        v.js ? v.js.p50.toFixed(2) : '-',
        String(v.rescoredP50),
        `${v.memoryMb.floatRows.toFixed(0)} / ${v.memoryMb.int8Copy.toFixed(0)} (${v.memoryMb.rss})`,
      ]),
    ),
  );
}

async function runIndexAtScale(url: string, sizes: number[], out: string): Promise<void> {
  const results = await indexAtScale(url, sizes, (line) => process.stderr.write(`bench:api: ${line}\n`));
  await writeFile(path.join(out, 'bench-index.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\n1:N index on MySQL/MariaDB, one tenant (search on this one thread)');
  console.log(
    formatTable(
      [
        'templates',
        'cold load ms (CPU)',
        'RSS MB before/after',
        'search p50 ms',
        'p95 ms',
        'CPU ms/search',
        'refresh ms (users, loads)',
      ],
      results.map((r) => [
        r.templates.toLocaleString('en'),
        `${r.coldLoadMs.toFixed(0)} (${r.coldLoadCpuMs.toFixed(0)})`,
        `${r.rssBeforeMb}/${r.rssAfterMb}`,
        r.search.p50.toFixed(1),
        r.search.p95.toFixed(1),
        r.search.cpuMsPerSearch.toFixed(1),
        `${r.refresh.ms.toFixed(1)} (${r.refresh.usersReread}, ${r.refresh.loads})`,
      ]),
    ),
  );
  console.log(`wrote ${path.join(out, 'bench-index.json')}`);
}

runCli(usage, main);
