/** Shared plumbing of the command-line tools: typed usage errors, number options, one exit path. */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { ModelIntegrityError } from '../../shared/face/errors.js';
import { AppError } from '../../shared/app/app-error.js';

/** The command line itself is wrong: print the message and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Input data (a dataset, the manifest) is unusable: print the message, exit 1, no stack trace. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** node:util parseArgs, with its complaints (unknown option, missing value) turned into a UsageError. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;
type ToolConfig<O extends ParseArgsOptionsConfig> = {
  options: O & typeof HELP_OPTION;
  strict: true;
  allowPositionals: false;
};

/**
 * A tool's own options plus -h/--help, strict and without positionals. Returns the values, or undefined once
 * --help has printed the usage (the tool then simply returns).
 */
export function parseToolOptions<const O extends ParseArgsOptionsConfig>(
  usage: string,
  options: O,
  args?: string[],
): ReturnType<typeof parseArgs<ToolConfig<O>>>['values'] | undefined {
  const config: ToolConfig<O> = { options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals: false };
  const { values } = parseCommandLine(args === undefined ? config : { ...config, args });
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  return values;
}

/** Parse a numeric option; `undefined` stays undefined, anything else must be a number in range. */
export function numberOption(
  name: string,
  raw: string | undefined,
  limits: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; integer?: boolean } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const { min, max, exclusiveMin = false, exclusiveMax = false, integer = false } = limits;
  const bad =
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    (min !== undefined && (exclusiveMin ? value <= min : value < min)) ||
    (max !== undefined && (exclusiveMax ? value >= max : value > max));
  if (bad) {
    const range = [
      min === undefined ? '' : `${exclusiveMin ? '>' : '>='} ${min}`,
      max === undefined ? '' : `${exclusiveMax ? '<' : '<='} ${max}`,
    ]
      .filter(Boolean)
      .join(' and ');
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${raw}"`,
    );
  }
  return value;
}

/** Run a CLI's main function: expected errors become one clear line and an exit code, never a stack dump. */
export function runCli(usage: string, main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n\n${usage}\n`);
        process.exitCode = 2;
        return;
      }
      if (err instanceof InputError || err instanceof AppError || err instanceof ModelIntegrityError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
