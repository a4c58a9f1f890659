/**
 * A load run with a real load tool (autocannon) against the local stack, bounded in time:
 *   npm run load [-- --duration 20] [--connections 8] [--url http://localhost:8080 --key <client key>]
 * Without --url it starts `npm start`'s server itself (fresh data dir, rate limits off) and enrolls two people.
 * With --url it loads a server you started (`npm start`) with the client key from its dev-credentials.json and
 * enrolls them there (that server's rate limits apply). For --duration seconds, `--connections` clients send
 * POST /v1/verify back to back while one client polls GET /healthz; prints requests/s, latency percentiles and
 * status codes of each.
 */
import autocannon, { type Result } from 'autocannon';
import sharp from 'sharp';
import { createFaceEngine } from '../shared/face/create-face-engine.js';
import { buildSampleFrames } from './lib/bench-images.js';
import { numberOption, parseCommandLine, runCli, UsageError } from './lib/cli.js';
import { formatTable } from './lib/format-table.js';
import { enroll, startLocalStack, verifyBody, type LocalStack } from './lib/local-stack-process.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const usage =
  'usage: npm run load [-- --duration 20] [--connections 8] [--url http://localhost:8080 --key <client key>]';

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
    },
    allowPositionals: false,
  });
  const duration = numberOption('duration', values.duration, { min: 1, max: 600, integer: true }) ?? 20;
  const connections = numberOption('connections', values.connections, { min: 1, max: 256, integer: true }) ?? 8;
  if (values.url && !values.key) throw new UsageError('--url needs --key (the client key of dev-credentials.json)');

  // Two people: single-face frames cut from the sample photos, verified with a darker re-capture.
  const work = await mkdtemp(path.join(tmpdir(), 'facegate-load-'));
  const engine = await createFaceEngine();
  const frames = (await buildSampleFrames(engine, work)).map((f) => f.bytes);
  await rm(work, { recursive: true, force: true });

  const stack: LocalStack = values.url
    ? {
        base: values.url.replace(/\/+$/, ''),
        auth: { Authorization: `Bearer ${values.key}` },
        pid: 0,
        stop: async () => {},
      }
    : await startLocalStack();
  try {
    const bodies: string[] = [];
    const runId = Date.now().toString(36);
    for (const [i, photo] of frames.entries()) {
      if (bodies.length === 2) break;
      const username = `load-${runId}-${i}`;
      if ((await enroll(stack, username, photo)) !== 'active') continue;
      const again = await sharp(photo).modulate({ brightness: 0.9 }).jpeg({ quality: 80 }).toBuffer();
      bodies.push(verifyBody(username, again));
    }
    if (bodies.length === 0) throw new Error('no sample frame could be enrolled');
    process.stderr.write(`load: ${connections} connections on POST /v1/verify for ${duration} s…\n`);

    const verify = autocannon({
      url: `${stack.base}/v1/verify`,
      connections,
      duration,
      timeout: 60,
      method: 'POST',
      headers: { ...stack.auth, 'content-type': 'application/json' },
      body: bodies[0]!,
    });
    const health = autocannon({ url: `${stack.base}/healthz`, connections: 1, duration });
    const [v, h] = await Promise.all([verify, health]);

    const row = (name: string, r: Result) => [
      name,
      r.requests.total.toString(),
      r.requests.average.toFixed(1),
      r.latency.p50.toFixed(0),
      r.latency.p90.toFixed(0),
      r.latency.p99.toFixed(0),
      r.latency.max.toFixed(0),
      Object.entries(r.statusCodeStats)
        .map(([code, s]) => `${code}:${s.count}`)
        .join(' '),
      (r.errors + r.timeouts).toString(),
    ];
    console.log(`autocannon, ${duration} s against ${stack.base}\n`);
    console.log(
      formatTable(
        ['route', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'status codes', 'errors'],
        [row(`POST /v1/verify (${connections} conn.)`, v), row('GET /healthz (1 conn.)', h)],
      ),
    );
    if (v.non2xx > 0 || v.errors + v.timeouts > 0) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

runCli(usage, main);
