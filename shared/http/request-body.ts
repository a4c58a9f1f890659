/**
 * Reading a buffered request body: which media type it claims, and JSON parsing that turns every way a body can
 * fail to be JSON into one clear 400.
 */
import { AppError } from '../app/app-error.js';
import type { HttpRequest } from './http-message.js';

/** The bare, lower-case media type of a Content-Type header (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return bare ? bare : undefined;
}

/**
 * Refuses a request whose body is not one of `accepted` media types.
 * @throws AppError 415 `unsupported_media_type`.
 * @returns the media type found.
 */
export function requireMediaType(request: HttpRequest, accepted: readonly string[]): string {
  const type = mediaTypeOf(request.headers['content-type']);
  if (type === undefined || !accepted.includes(type)) {
    throw new AppError(
      415,
      'unsupported_media_type',
      `Content-Type must be ${accepted.join(' or ')}${type ? `, not ${type}` : ''}`,
    );
  }
  return type;
}

/**
 * Parses a JSON object body. An empty body, invalid UTF-8 or JSON, and a top-level value that is not an object
 * are all `invalid_json`.
 * @throws AppError 400 `invalid_json`.
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw invalidJson('the body is not valid UTF-8');
  }
  if (text.trim() === '') throw invalidJson('the body is empty; expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson('the body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidJson('the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function invalidJson(message: string): AppError {
  return new AppError(400, 'invalid_json', message);
}
