/**
 * The body of `POST /v1/verify` and `POST /v1/identify`: either multipart/form-data with an `image` file (and a
 * `username` field for verify), or JSON with `image` as base64 / a data: URL. Both arrive here buffered and leave
 * as the same `{ username?, image }`.
 */
import { AppError } from '../app/app-error.js';
import type { HttpRequest } from './http-message.js';
import { decodeBase64Image } from './base64-image.js';
import { parseMultipartForm } from './multipart-form.js';
import { parseJsonObject, requireMediaType } from './request-body.js';
import { identifyJsonBody, validate, verifyFormFields, verifyJsonBody } from './request-schemas.js';

export const IMAGE_MEDIA_TYPES = ['multipart/form-data', 'application/json'] as const;

/** The multipart field that carries the capture. */
export const IMAGE_FIELD = 'image';

/**
 * Reads a capture request.
 * @param withUsername true for verify (a claimed username is required), false for identify.
 * @throws AppError 415 (other content types), 400 (`invalid_json`, `invalid_multipart`, `invalid_request`),
 *   413 (image over `maxImageBytes`).
 */
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: true },
): Promise<{ username: string; image: Buffer }>;
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: false },
): Promise<{ image: Buffer }>;
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: boolean },
): Promise<{ username?: string; image: Buffer }> {
  const type = requireMediaType(request, IMAGE_MEDIA_TYPES);
  if (type === 'application/json') {
    const body = parseJsonObject(request.body);
    if (!options.withUsername) {
      return { image: decodeBase64Image(validate(identifyJsonBody, body).image, options.maxImageBytes) };
    }
    const { username, image } = validate(verifyJsonBody, body);
    return { username, image: decodeBase64Image(image, options.maxImageBytes) };
  }

  const form = await parseMultipartForm(request.body, request.headers['content-type'] ?? '', {
    maxFileBytes: options.maxImageBytes,
  });
  const username = options.withUsername ? validate(verifyFormFields, form.fields).username : undefined;
  const file = form.files[0];
  if (!file || file.field !== IMAGE_FIELD) {
    const message = Object.hasOwn(form.fields, IMAGE_FIELD)
      ? `"${IMAGE_FIELD}" must be sent as a file part, not a text field`
      : `a file part named "${IMAGE_FIELD}" is required`;
    throw new AppError(400, 'invalid_request', message, { details: [{ path: IMAGE_FIELD, message }] });
  }
  if (file.bytes.length === 0) {
    throw new AppError(400, 'invalid_request', `${IMAGE_FIELD} is empty`, {
      details: [{ path: IMAGE_FIELD, message: 'is empty' }],
    });
  }
  return username === undefined ? { image: file.bytes } : { username, image: file.bytes };
}
