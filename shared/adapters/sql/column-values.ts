/**
 * Checks and conversions between domain values and column values, the same on both databases.
 */
import type { JsonObject } from '../../domain/json.js';
import { InvalidInputError } from '../../ports/repository-errors.js';
import { JSON_MAX_BYTES } from './column-limits.js';

/** Length in characters as MySQL counts them (code points), not UTF-16 units. */
function characters(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** @throws InvalidInputError when `value` is longer than its column. */
export function checkLength<T extends string | null | undefined>(field: string, value: T, max: number): T {
  if (typeof value === 'string' && value.length > max && characters(value) > max) {
    throw new InvalidInputError(`${field} is longer than ${max} characters`);
  }
  return value;
}

/** Cuts a free-text log field to its column instead of refusing it: a log line must not fail. */
export function truncate(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}

/** @throws InvalidInputError when `value` is not a plain JSON object or too large for a text column. */
export function toJsonColumn(field: string, value: JsonObject | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidInputError(`${field} must be a JSON object`);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidInputError(`${field} cannot be written as JSON`, { cause });
  }
  if (Buffer.byteLength(text, 'utf8') > JSON_MAX_BYTES)
    throw new InvalidInputError(`${field} is larger than ${JSON_MAX_BYTES} bytes`);
  return text;
}

export function fromJsonColumn(text: string | null): JsonObject | null {
  return text === null ? null : (JSON.parse(text) as JsonObject);
}

/** MySQL may hand back BIGINT or DOUBLE as string depending on pool options; always give a number. */
export function num(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

export function numOrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : num(value);
}

/** Limit for a list query: `requested` if given, clamped to 1..max. */
export function pageLimit(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined) return fallback;
  if (!Number.isFinite(requested)) throw new InvalidInputError('limit must be a number');
  return Math.min(max, Math.max(1, Math.floor(requested)));
}
