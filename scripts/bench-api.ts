/**
 * End-to-end API benchmark on the local stack:
 *   npm run bench:api -- --out <dir> [--requests 40] [--templates 10000,100000]
 * Starts the dev server (SQLite, local blobs) in a child process on a free port, enrolls people through the real
 * signed-upload flow, then times POST /v1/verify over HTTP at concurrency 1 and 4 (p50/p95/p99, requests/s), and
 * times the 1:N identify search at 10k and 100k templates, with the plain-JS scan as a same-run baseline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createFaceEngine } from '../shared/face/create-face-engine.js';
import { TemplateMatrix } from '../shared/app/template-index.js';
import { createDotScanner } from '../shared/app/simd/dot-scanner.js';
import { percentile } from '../shared/arrays/percentile.js';
import { buildSampleFrames } from './lib/bench-images.js';
import { numberOption, parseCommandLine, runCli, UsageError } from './lib/cli.js';
import { formatTable } from './lib/format-table.js';
import { REPO_ROOT as repoRoot } from './lib/repo-paths.js';

const usage = 'usage: npm run bench:api -- --out <dir> [--requests 40] [--templates 10000,100000]';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`dev server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`dev server did not answer ${url} within ${timeoutMs / 1000} s`);
}

const stats = (ms: number[]) => ({
  p50: percentile(ms, 50),
  p95: percentile(ms, 95),
  p99: percentile(ms, 99),
  mean: ms.reduce((a, b) => a + b, 0) / ms.length,
  n: ms.length,
});

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    options: { out: { type: 'string' }, requests: { type: 'string' }, templates: { type: 'string' } },
  });
  if (!values.out) throw new UsageError('--out is required');
  const requests = numberOption('requests', values.requests, { min: 4, max: 10_000, integer: true }) ?? 40;
  const sizes = (values.templates ?? '10000,100000')
    .split(',')
    .map((s) => numberOption('templates', s, { min: 1, max: 1_000_000, integer: true })!);
  const out = path.resolve(values.out);
  await mkdir(out, { recursive: true });

  // 1. Frames of different people, and a re-capture of each (slightly darker and recompressed).
  const engine = await createFaceEngine();
  const frames = (await buildSampleFrames(engine, out)).slice(0, 4);
  if (frames.length < 2) throw new Error('could not build at least two single-face frames');
  const again = await Promise.all(
    frames.map((f) => sharp(f.bytes).modulate({ brightness: 0.9 }).jpeg({ quality: 80 }).toBuffer()),
  );

  // 2. The local stack in its own process, as `npm start` runs it.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facegate-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/dev-server.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_PUBLIC_URL: base,
      FACEGATE_LOG_LEVEL: 'warn',
      // The benchmark measures the service, not the per-IP and per-key rate limits it would run into.
      FACEGATE_RATE_LIMIT_PER_IP: '0',
      FACEGATE_RATE_LIMIT_PER_KEY: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    process.stderr.write('bench:api: starting the local stack…\n');
    await waitFor(`${base}/healthz`, child);
    const creds = JSON.parse(await readFile(path.join(dataDir, 'dev-credentials.json'), 'utf8')) as {
      clientKey: string;
    };
    const auth = { Authorization: `Bearer ${creds.clientKey}` };

    // 3. Enroll each person through the signed-upload flow.
    const usernames: string[] = [];
    for (const [i, f] of frames.entries()) {
      const username = `bench-${i}`;
      const started = (await (
        await fetch(`${base}/v1/enrollments`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ username }),
        })
      ).json()) as {
        enrollmentId: string;
        upload: { url: string; headers: Record<string, string> };
      };
      const put = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body: f.bytes });
      if (!put.ok) throw new Error(`upload failed: ${put.status} ${await put.text()}`);
      let status = 'pending';
      for (let t = 0; t < 120 && (status === 'pending' || status === 'processing'); t++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (
          (await (await fetch(`${base}/v1/enrollments/${started.enrollmentId}`, { headers: auth })).json()) as {
            status: string;
          }
        ).status;
      }
      if (status === 'active') usernames.push(username);
      else process.stderr.write(`bench:api: frame ${i} not enrolled (${status}); skipped\n`);
    }
    if (usernames.length === 0) throw new Error('no frame could be enrolled');

    // 4. Verify over HTTP, sequential then 4 in flight.
    const health: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await (await fetch(`${base}/healthz`)).arrayBuffer();
      health.push(performance.now() - t);
    }
    const verify = async (n: number) => {
      const i = n % usernames.length;
      const t = performance.now();
      const r = await fetch(`${base}/v1/verify`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username: usernames[i],
          image: again[Number(usernames[i]!.slice(6))]!.toString('base64'),
        }),
      });
      const body = (await r.json()) as { decision?: string };
      return { ms: performance.now() - t, granted: body.decision === 'granted' };
    };
    for (let w = 0; w < 3; w++) await verify(w);
    const levels: Record<string, ReturnType<typeof stats> & { rps: number; granted: number }> = {};
    for (const concurrency of [1, 4]) {
      const latencies: number[] = [];
      let granted = 0;
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            const r = await verify(next++);
            latencies.push(r.ms);
            if (r.granted) granted++;
          }
        }),
      );
      const wall = (performance.now() - start) / 1000;
      levels[`c${concurrency}`] = { ...stats(latencies), rps: latencies.length / wall, granted };
    }

    // 5. 1:N search at tenant sizes, SIMD scan against the plain JS scan.
    const search: Record<string, { simd: ReturnType<typeof stats>; js: ReturnType<typeof stats>; speedup: number }> =
      {};
    for (const n of sizes) {
      const rows = Array.from({ length: n }, (_, i) => ({
        userId: `u${i}`,
        embedding: Float32Array.from({ length: 128 }, () => Math.random() * 0.2 - 0.1),
      }));
      const matrix = TemplateMatrix.fromRows(rows, 128);
      const flat = new Float32Array(n * 128);
      rows.forEach((r, i) => flat.set(r.embedding, i * 128));
      const js = createDotScanner(flat, n, 128, 'js');
      const simdMs: number[] = [];
      const jsMs: number[] = [];
      for (let q = 0; q < 40; q++) {
        const query = rows[(q * 7919) % n]!.embedding;
        let t = performance.now();
        matrix.search(query, 'euclidean', 2);
        simdMs.push(performance.now() - t);
        t = performance.now();
        js.scan(query);
        jsMs.push(performance.now() - t);
      }
      const s = stats(simdMs.slice(5));
      const j = stats(jsMs.slice(5));
      search[String(n)] = { simd: s, js: j, speedup: j.p50 / s.p50 };
    }

    const result = {
      date: new Date().toISOString(),
      modelVersion: engine.modelVersion,
      backend: engine.backend,
      enrolled: usernames.length,
      http_baseline_healthz_ms: stats(health),
      verify: levels,
      identify_search_ms: search,
    };
    await writeFile(path.join(out, 'bench-api.json'), JSON.stringify(result, null, 2) + '\n');
    const f = (v: number) => v.toFixed(1);
    console.log(
      `${engine.modelVersion} on ${engine.backend}; ${usernames.length} enrolled; ${requests} verify requests per level\n`,
    );
    console.log(
      formatTable(
        ['POST /v1/verify', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'granted'],
        Object.entries(levels).map(([k, v]) => [
          `concurrency ${k.slice(1)}`,
          f(v.p50),
          f(v.p95),
          f(v.p99),
          v.rps.toFixed(1),
          `${v.granted}/${v.n}`,
        ]),
      ),
    );
    console.log(`\nHTTP baseline (GET /healthz) p50 ${f(stats(health).p50)} ms\n`);
    console.log(
      formatTable(
        ['identify search', 'p50 ms', 'p95 ms', 'JS scan p50 ms', 'speed-up'],
        Object.entries(search).map(([k, v]) => [
          `${Number(k).toLocaleString('en')} templates`,
          v.simd.p50.toFixed(2),
          v.simd.p95.toFixed(2),
          v.js.p50.toFixed(2),
          `${v.speedup.toFixed(1)}x`,
        ]),
      ),
    );
    console.log(`\nwrote ${path.join(out, 'bench-api.json')}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

runCli(usage, main);
