/**
 * The regression gate's logic: per dataset, a minimum and/or maximum for each figure an evaluation writes to
 * `metrics.json`, checked against those figures. Pure (no files, no process), so it is tested with literals;
 * `check-floors.ts` is the command around it.
 */
import { z } from 'zod';

const boundSchema = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'a floor needs "min" and/or "max"' });

const floorsSchema = z.record(z.string(), z.record(z.string(), boundSchema));

/** Acceptable range of one figure; either end may be open. */
export type Bound = z.infer<typeof boundSchema>;

/** Floors by dataset name, then by figure name (a key of metrics.json, or a dotted path into it). */
export type Floors = z.infer<typeof floorsSchema>;

/** The floors file or a metrics file is unusable: the gate cannot say pass or fail. */
export class FloorsError extends Error {
  override name = 'FloorsError';
}

/** One figure of one dataset against its floor. `actual` is undefined when metrics.json lacks the figure. */
export interface FloorCheck {
  dataset: string;
  figure: string;
  bound: Bound;
  actual: number | undefined;
  pass: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys starting with `$` (e.g. `$comment`) are notes for people, not floors. */
function withoutNotes(value: unknown): unknown {
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, inner]) => [key, withoutNotes(inner)]),
  );
}

/** Validate a parsed floors file. Throws FloorsError naming what is wrong. */
export function parseFloors(json: unknown): Floors {
  const parsed = floorsSchema.safeParse(withoutNotes(json));
  if (!parsed.success) throw new FloorsError(`invalid floors file:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function countOf(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (isRecord(value)) return finite(value['count']);
  return finite(value);
}

/**
 * Read a figure: an exact key first (names such as `tar_at_far_1e-3` are flat keys), then a dotted path
 * (`latency_ms.total.p95`). `failure_to_acquire_rate`, when not written, is derived from `failure_to_acquire`
 * (a count, a list of images, or `{ count }`) over `images`. Non-finite values count as missing.
 */
export function readFigure(metrics: unknown, figure: string): number | undefined {
  if (!isRecord(metrics)) return undefined;
  if (figure in metrics) return finite(metrics[figure]);
  if (figure.includes('.')) {
    let node: unknown = metrics;
    for (const part of figure.split('.')) node = isRecord(node) ? node[part] : undefined;
    return finite(node);
  }
  if (figure === 'failure_to_acquire_rate') {
    const failed = countOf(metrics['failure_to_acquire']);
    const images = finite(metrics['images']);
    if (failed !== undefined && images !== undefined && images > 0) return failed / images;
  }
  return undefined;
}

function within(actual: number | undefined, bound: Bound): boolean {
  if (actual === undefined) return false;
  return (bound.min === undefined || actual >= bound.min) && (bound.max === undefined || actual <= bound.max);
}

/**
 * Check every floor of every dataset given. A dataset with no floors is an error rather than a silent pass;
 * datasets that have floors but were not evaluated are not checked (CI may run a subset).
 */
export function checkFloors(floors: Floors, metricsByDataset: Readonly<Record<string, unknown>>): FloorCheck[] {
  const checks: FloorCheck[] = [];
  for (const [dataset, metrics] of Object.entries(metricsByDataset)) {
    const figures = floors[dataset];
    if (figures === undefined || Object.keys(figures).length === 0) {
      throw new FloorsError(`no floors for dataset "${dataset}" (known: ${Object.keys(floors).join(', ') || 'none'})`);
    }
    for (const [figure, bound] of Object.entries(figures)) {
      const actual = readFigure(metrics, figure);
      checks.push({ dataset, figure, bound, actual, pass: within(actual, bound) });
    }
  }
  return checks;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function formatBound(bound: Bound): string {
  const parts: string[] = [];
  if (bound.min !== undefined) parts.push(`>= ${formatNumber(bound.min)}`);
  if (bound.max !== undefined) parts.push(`<= ${formatNumber(bound.max)}`);
  return parts.join(' and ');
}

/** A plain-text table, one row per check, for CI logs. */
export function formatChecks(checks: readonly FloorCheck[]): string {
  const header = ['dataset', 'figure', 'floor', 'actual', 'result'];
  const rows = checks.map((c) => [
    c.dataset,
    c.figure,
    formatBound(c.bound),
    c.actual === undefined ? '(missing)' : formatNumber(c.actual),
    c.pass ? 'ok' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
