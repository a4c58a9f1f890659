/**
 * Regression gate for CI: fails when an evaluation figure misses its floor in models/floors.json.
 *
 *   npx tsx tools/eval/bin/check-floors.ts [--floors <file>] <dataset>=<metrics.json> [<dataset>=<metrics.json> ...]
 *
 * e.g. `npx tsx tools/eval/bin/check-floors.ts wild=out/eval-wild/metrics.json orl_faces=out/eval-orl_faces/metrics.json`.
 * Prints one table row per figure. Exit 0: every floor met; 1: a floor missed or a figure missing;
 * 2: bad arguments or an unreadable floors/metrics file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../../scripts/lib/repo-paths.js';
import { FloorsError, checkFloors, formatChecks, parseFloors } from '../src/floor-gate.js';

const usage =
  'usage: npx tsx tools/eval/bin/check-floors.ts [--floors <file>] <dataset>=<metrics.json> [<dataset>=<metrics.json> ...]';

const defaultFloors = join(REPO_ROOT, 'models', 'floors.json');

class UsageError extends Error {
  override name = 'UsageError';
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FloorsError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FloorsError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function parseCommandLine(argv: string[]): { floorsPath: string; metricsPaths: Map<string, string> } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { floors: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const metricsPaths = new Map<string, string>();
  for (const arg of parsed.positionals) {
    const at = arg.indexOf('=');
    if (at <= 0 || at === arg.length - 1) throw new UsageError(`expected <dataset>=<metrics.json>, got "${arg}"`);
    metricsPaths.set(arg.slice(0, at), arg.slice(at + 1));
  }
  if (metricsPaths.size === 0) throw new UsageError('no metrics given');
  return { floorsPath: parsed.values.floors ?? defaultFloors, metricsPaths };
}

async function main(argv: string[]): Promise<number> {
  const { floorsPath, metricsPaths } = parseCommandLine(argv);
  const floors = parseFloors(await readJson(floorsPath, 'floors file'));
  const metrics: Record<string, unknown> = {};
  for (const [dataset, path] of metricsPaths) metrics[dataset] = await readJson(path, `metrics for "${dataset}"`);

  const checks = checkFloors(floors, metrics);
  const missed = checks.filter((c) => !c.pass).length;
  console.log(formatChecks(checks));
  console.log(`\nfloors (${floorsPath}): ${checks.length - missed} met, ${missed} missed`);
  return missed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`check-floors: ${error.message}\n${usage}`);
    else if (error instanceof FloorsError) console.error(`check-floors: ${error.message}`);
    else console.error(error);
    process.exitCode = 2;
  },
);
