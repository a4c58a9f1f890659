import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedApiTarget } from './api-targets.js';
import { decodeTarget } from './decode-target.js';
import { applyMutation } from './mutations.js';
import { drawIteration, formatSummary, FuzzFailure, runFuzz, type FuzzTarget } from './run-fuzz.js';
import { seedImages, type SeedImage } from './seed-images.js';

let out: string;
let seeds: SeedImage[];
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'fg-fuzz-test-'));
  seeds = await seedImages();
});
afterAll(() => rm(out, { recursive: true, force: true }));

/** A target over integers that fails, crashes or hangs on chosen values. */
function toyTarget(): FuzzTarget<number> {
  return {
    name: 'toy',
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 9 }),
    timeoutMs: 50,
    run: async (n) => {
      if (n === 3) throw new FuzzFailure('three is refused');
      if (n === 5) throw new TypeError('five crashes');
      if (n === 7) await new Promise(() => {});
      return n % 2 ? 'odd' : 'even';
    },
    describe: (n) => ({ bytes: Uint8Array.of(n), details: { n } }),
  };
}

describe('fuzz runner', () => {
  it('draws the same input for the same seed and iteration', () => {
    const targets = [toyTarget() as FuzzTarget<never>];
    const inputs = (seed: number) => Array.from({ length: 20 }, (_, i) => drawIteration(targets, seed, i).input);
    expect(inputs(42)).toEqual(inputs(42));
    expect(inputs(42)).not.toEqual(inputs(43));
  });

  it('counts failures, crashes and hangs, keeps going, and saves each input with its replay command', async () => {
    const summary = await runFuzz({
      targets: [toyTarget() as FuzzTarget<never>],
      iterations: 60,
      seed: 9,
      outDir: out,
    });
    const kinds = new Set(summary.failures.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['failure', 'crash', 'hang']));
    const stats = summary.targets['toy']!;
    expect(stats.iterations).toBe(60);
    expect(stats.failures + (stats.outcomes['odd'] ?? 0) + (stats.outcomes['even'] ?? 0)).toBe(60);
    const first = summary.failures[0]!;
    expect(first.repro).toBe(`npm run fuzz -- --seed 9 --from ${first.iteration} --iterations 1`);
    const saved = JSON.parse(await readFile(first.saved.replace(/\.bin$/, '.json'), 'utf8')) as { n: number };
    expect([3, 5, 7]).toContain(saved.n);
    expect([...(await readFile(first.saved))]).toEqual([saved.n]);
    // Replaying that one input gives the same failure.
    const replay = await runFuzz({
      targets: [toyTarget() as FuzzTarget<never>],
      iterations: 1,
      seed: 9,
      from: first.iteration,
      outDir: out,
    });
    expect(replay.failures.map((f) => f.kind)).toEqual([first.kind]);
    expect(formatSummary(summary)).toMatch(
      /total: 60 inputs .* failures \(crash \d+, 5xx\/unexpected \d+, hang \d+\); seed 9/,
    );
  });

  it('mutates bytes as described: truncation, splicing, header bytes', () => {
    const input = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect([...applyMutation(input, { kind: 'truncate', keep: 0.5 }, [])]).toEqual([1, 2, 3, 4]);
    expect([
      ...applyMutation(input, { kind: 'splice', donor: 0, cutHere: 0.25, cutDonor: 0.5 }, [Uint8Array.of(9, 9, 8, 8)]),
    ]).toEqual([1, 2, 8, 8]);
    expect([...applyMutation(input, { kind: 'header', offset: 1, value: 255 }, [])]).toEqual([
      1, 255, 3, 4, 5, 6, 7, 8,
    ]);
    expect([...applyMutation(input, { kind: 'flip', at: [0], bits: [7] }, [])][0]).toBe(129);
    expect(applyMutation(input, { kind: 'delete', at: 0.5, length: 100 }, [])).toHaveLength(4);
  });

  it('a short pass over the decoder and the API handler finds nothing', async () => {
    const api = await scriptedApiTarget(seeds);
    const summary = await runFuzz({
      targets: [decodeTarget(seeds) as FuzzTarget<never>, api.target as FuzzTarget<never>],
      iterations: 150,
      seed: 3,
      outDir: out,
    }).finally(() => api.close());
    expect(summary.failures).toEqual([]);
    expect(summary.targets['decode']!.iterations + summary.targets['api']!.iterations).toBe(150);
    // Both sides are reached: images that decode and images refused, requests answered 2xx and 4xx.
    expect(Object.keys(summary.targets['decode']!.outcomes).some((o) => o.startsWith('decoded'))).toBe(true);
    expect(Object.keys(summary.targets['decode']!.outcomes).some((o) => !o.startsWith('decoded'))).toBe(true);
    expect(Object.keys(summary.targets['api']!.outcomes).some((o) => /^2\d\d/.test(o))).toBe(true);
    expect(Object.keys(summary.targets['api']!.outcomes).some((o) => /^4\d\d/.test(o))).toBe(true);
  });
});
