/**
 * The fuzz loop: iteration i draws one (target, input) from fast-check with seed `seed + i`, so any single input
 * is reproduced by `--seed S --from i --iterations 1`, and the run keeps going after a failure to count them all.
 * Each input runs under a timeout (a hang is a failure); a failing input is saved under the output folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';

/** An input that broke a promise: thrown by a target's `run` for anything other than an accepted outcome. */
export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

export interface FuzzTarget<I = unknown> {
  name: string;
  /** Relative share of iterations. */
  weight: number;
  arbitrary: fc.Arbitrary<I>;
  timeoutMs: number;
  /** Runs one input; resolves with an outcome label for the summary (e.g. `422 not_an_image`). */
  run(input: I): Promise<string>;
  /** What to write for a failing input: the raw bytes (replayable) and a JSON description. */
  describe(input: I): { bytes: Uint8Array; details: Record<string, unknown> };
}

export interface FuzzFailureRecord {
  iteration: number;
  target: string;
  kind: 'failure' | 'crash' | 'hang';
  message: string;
  saved: string;
  repro: string;
}

export interface TargetStats {
  iterations: number;
  failures: number;
  ms: number;
  outcomes: Record<string, number>;
}

export interface FuzzSummary {
  seed: number;
  from: number;
  iterations: number;
  failures: FuzzFailureRecord[];
  ms: number;
  perSecond: number;
  targets: Record<string, TargetStats>;
}

export interface FuzzOptions {
  targets: FuzzTarget<never>[];
  iterations: number;
  seed: number;
  /** First iteration index (to replay one input). */
  from?: number;
  outDir: string;
  /** Called every `progressEvery` iterations and at the end. */
  onProgress?: (done: number, total: number, failures: number) => void;
  progressEvery?: number;
  /** Errors raised outside any awaited call (unhandled rejections) since the last check; the CLI wires these. */
  takeStrayErrors?: () => unknown[];
}

/** The (target, input) pair of one iteration; exported so tests can check reproducibility. */
export function drawIteration(targets: FuzzTarget<never>[], seed: number, iteration: number) {
  const arbitrary = fc.oneof(
    ...targets.map((target) => ({
      weight: Math.max(1, Math.round(target.weight * 10)),
      arbitrary: (target.arbitrary as fc.Arbitrary<unknown>).map((input) => ({ target, input })),
    })),
  );
  // One fresh draw per seed is fast-check's first run, its most biased (smallest values, first alternatives):
  // without noBias nearly every input would be the first seed image with its first bytes edited.
  const [drawn] = fc.sample(fc.noBias(arbitrary), { seed: seed + iteration, numRuns: 1 });
  if (!drawn) throw new Error('fast-check produced no sample');
  return drawn;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const from = options.from ?? 0;
  const every = options.progressEvery ?? 500;
  const targets: Record<string, TargetStats> = {};
  for (const t of options.targets) targets[t.name] = { iterations: 0, failures: 0, ms: 0, outcomes: {} };
  const failures: FuzzFailureRecord[] = [];
  const started = performance.now();

  for (let i = from; i < from + options.iterations; i++) {
    const { target, input } = drawIteration(options.targets, options.seed, i);
    const stats = targets[target.name] ?? { iterations: 0, failures: 0, ms: 0, outcomes: {} };
    const t0 = performance.now();
    let outcome: string | undefined;
    let failure: Pick<FuzzFailureRecord, 'kind' | 'message'> | undefined;
    try {
      outcome = await withTimeout(target.run(input as never), target.timeoutMs);
    } catch (error) {
      failure =
        error instanceof TimeoutError
          ? { kind: 'hang', message: `no answer within ${target.timeoutMs} ms` }
          : error instanceof FuzzFailure
            ? { kind: 'failure', message: error.message }
            : { kind: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    const stray = options.takeStrayErrors?.() ?? [];
    if (!failure && stray.length) {
      failure = { kind: 'crash', message: `unhandled error during the input: ${String(stray[0])}` };
    }
    stats.ms += performance.now() - t0;
    stats.iterations++;
    if (failure) {
      stats.failures++;
      failures.push(await saveFailure(options, target, input as never, i, failure));
    } else if (outcome !== undefined) {
      stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
    }
    targets[target.name] = stats;
    const done = i - from + 1;
    if (done % every === 0 || done === options.iterations)
      options.onProgress?.(done, options.iterations, failures.length);
  }
  const ms = performance.now() - started;
  return {
    seed: options.seed,
    from,
    iterations: options.iterations,
    failures,
    ms,
    perSecond: options.iterations / (ms / 1000),
    targets,
  };
}

async function saveFailure(
  options: FuzzOptions,
  target: FuzzTarget<never>,
  input: never,
  iteration: number,
  failure: Pick<FuzzFailureRecord, 'kind' | 'message'>,
): Promise<FuzzFailureRecord> {
  const base = path.join(options.outDir, `${target.name}-seed${options.seed}-i${iteration}`);
  const { bytes, details } = target.describe(input);
  const repro = `npm run fuzz -- --seed ${options.seed} --from ${iteration} --iterations 1`;
  await mkdir(options.outDir, { recursive: true });
  await writeFile(`${base}.bin`, bytes);
  await writeFile(
    `${base}.json`,
    JSON.stringify({ target: target.name, iteration, seed: options.seed, repro, ...failure, ...details }, null, 2) +
      '\n',
  );
  return { iteration, target: target.name, ...failure, saved: `${base}.bin`, repro };
}

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The summary as printed: one line per target, then the totals and every failure with its repro command. */
export function formatSummary(summary: FuzzSummary): string {
  const lines: string[] = [];
  for (const [name, t] of Object.entries(summary.targets)) {
    const perSecond = t.ms > 0 ? (t.iterations / (t.ms / 1000)).toFixed(0) : '-';
    const top = Object.entries(t.outcomes)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([label, n]) => `${label}: ${n}`)
      .join(', ');
    lines.push(
      `${name.padEnd(10)} ${String(t.iterations).padStart(6)} inputs, ${t.failures} failures, ${(t.ms / 1000).toFixed(1)} s (${perSecond}/s); ${top}`,
    );
  }
  lines.push(
    `total: ${summary.iterations} inputs in ${(summary.ms / 1000).toFixed(1)} s (${summary.perSecond.toFixed(1)}/s), ` +
      `${summary.failures.length} failures (crash ${count(summary, 'crash')}, 5xx/unexpected ${count(summary, 'failure')}, hang ${count(summary, 'hang')}); seed ${summary.seed}`,
  );
  for (const f of summary.failures.slice(0, 50)) {
    lines.push(`FAIL ${f.target} #${f.iteration} (${f.kind}): ${f.message.split('\n')[0] ?? ''}`);
    lines.push(`     input: ${f.saved}   repro: ${f.repro}`);
  }
  return lines.join('\n');
}

function count(summary: FuzzSummary, kind: FuzzFailureRecord['kind']): number {
  return summary.failures.filter((f) => f.kind === kind).length;
}
