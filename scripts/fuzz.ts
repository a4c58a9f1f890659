/**
 * `npm run fuzz -- --iterations N [--seed S] [--from I] [--out out/fuzz] [--targets decode,api,api-real,enroll]`:
 * mutated and random inputs against the image decoder and the HTTP API (the handler over the fake application for
 * speed, and over a real composition on SQLite with the real face engine). Prints progress and a summary with
 * counts and throughput; every failing input is saved under --out with the command that replays it. Exit code 1
 * when any input crashed, got a 5xx, broke a check or hung.
 */
import { numberOption, parseToolOptions, runCli, UsageError } from './lib/cli.js';
import { scriptedApiTarget } from './lib/fuzz/api-targets.js';
import { decodeTarget } from './lib/fuzz/decode-target.js';
import { realStackTargets } from './lib/fuzz/real-stack-targets.js';
import { formatSummary, runFuzz, type FuzzTarget } from './lib/fuzz/run-fuzz.js';
import { seedImages } from './lib/fuzz/seed-images.js';

const ALL_TARGETS = ['decode', 'api', 'api-real', 'enroll'] as const;

const USAGE = `usage: npm run fuzz -- --iterations N [--seed S] [--from I] [--out <dir>] [--targets <list>]

  --iterations N   inputs to run (default 1000)
  --seed S         base seed (default: random, printed); input i uses seed S + i
  --from I         first input index (replay one input: --seed S --from I --iterations 1)
  --out <dir>      where failing inputs are saved (default out/fuzz)
  --targets list   comma-separated subset of ${ALL_TARGETS.join(', ')} (default all)`;

runCli(USAGE, async () => {
  const values = parseToolOptions(USAGE, {
    iterations: { type: 'string' },
    seed: { type: 'string' },
    from: { type: 'string' },
    out: { type: 'string' },
    targets: { type: 'string' },
  });
  if (!values) return;
  const iterations = numberOption('iterations', values.iterations, { min: 1, integer: true }) ?? 1000;
  const seed =
    numberOption('seed', values.seed, { min: 0, max: 2 ** 31 - 1, integer: true }) ??
    Math.floor(Math.random() * 2 ** 31);
  const from = numberOption('from', values.from, { min: 0, integer: true }) ?? 0;
  const wanted = (values.targets ?? ALL_TARGETS.join(',')).split(',').map((t) => t.trim());
  for (const name of wanted) {
    if (!(ALL_TARGETS as readonly string[]).includes(name)) throw new UsageError(`unknown target ${name}`);
  }

  // Errors nobody awaited (a stray promise in a handler) are crashes too: collected here, charged to the input.
  const stray: unknown[] = [];
  process.on('unhandledRejection', (reason) => stray.push(reason));
  process.on('uncaughtException', (error) => stray.push(error));

  const seeds = await seedImages();
  const targets: FuzzTarget<never>[] = [];
  if (wanted.includes('decode')) targets.push(decodeTarget(seeds, 4) as FuzzTarget<never>);
  const scripted = wanted.includes('api') ? await scriptedApiTarget(seeds, 4) : undefined;
  if (scripted) targets.push(scripted.target as FuzzTarget<never>);
  const real =
    wanted.includes('api-real') || wanted.includes('enroll')
      ? await realStackTargets(seeds, { api: 1.5, enroll: 0.5 })
      : undefined;
  for (const t of real?.targets ?? []) if (wanted.includes(t.name)) targets.push(t);

  process.stdout.write(
    `fuzz: ${iterations} inputs from #${from}, seed ${seed}, targets ${targets.map((t) => t.name).join(', ')}; ${seeds.length} seed images\n`,
  );
  try {
    const summary = await runFuzz({
      targets,
      iterations,
      seed,
      from,
      outDir: values.out ?? 'out/fuzz',
      progressEvery: Math.max(1, Math.min(1000, Math.round(iterations / 20))),
      onProgress: (done, total, failures) => process.stdout.write(`  ${done}/${total} inputs, ${failures} failures\n`),
      takeStrayErrors: () => stray.splice(0),
    });
    process.stdout.write(`${formatSummary(summary)}\n`);
    if (summary.failures.length) process.exitCode = 1;
  } finally {
    await real?.close();
    await scripted?.close();
  }
});
