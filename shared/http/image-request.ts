/**
 * The body of `POST /v1/verify` and `POST /v1/identify`: either multipart/form-data with an `image` file (and a
 * `username` field for verify), or JSON with `image` as base64 / a data: URL. Both arrive here buffered and leave
 * as the same `{ username?, image }`. Verify may also carry the login-factor fields of a challenge: `challengeId`,
 * `signature`, `passkey`, up to MAX_CHALLENGE_FRAMES challenge frames (multipart files named `frame`, or JSON `frames`) and a
 * liveness burst of MIN_BURST_FRAMES to MAX_BURST_FRAMES frames (files named `burst`, or JSON `burst`), in order.
 * Identify takes the same but the possession proof (`challengeId`, frames, burst).
 */
import { AppError } from '../app/app-error.js';
import type { HttpRequest } from './http-message.js';
import { decodeBase64Image } from './base64-image.js';
import { parseMultipartForm, type MultipartFile } from './multipart-form.js';
import { parseJsonObject, requireMediaType } from './request-body.js';
import {
  identifyFormFields,
  identifyJsonBody,
  MAX_BURST_FRAMES,
  MAX_CHALLENGE_FRAMES,
  MIN_BURST_FRAMES,
  validate,
  verifyFormFields,
  verifyJsonBody,
} from './request-schemas.js';

export const IMAGE_MEDIA_TYPES = ['multipart/form-data', 'application/json'] as const;

/** The multipart field that carries the capture. */
export const IMAGE_FIELD = 'image';
/** The multipart field (repeated) that carries the challenge frames. */
export const FRAME_FIELD = 'frame';
/** The multipart field (repeated, in capture order) that carries the liveness burst. */
export const BURST_FIELD = 'burst';

/** A verify request as the use case takes it. */
export interface VerifyRequest {
  username: string;
  image: Buffer;
  challengeId?: string;
  signature?: string;
  /** A WebAuthn authentication response (`passkey`: JSON text in a form, an object in JSON). */
  passkey?: unknown;
  frames?: Buffer[];
  burst?: Buffer[];
}

/** An identify request as the use case takes it: the login-factor fields of verify but possession. */
export type IdentifyRequest = Omit<VerifyRequest, 'username' | 'signature' | 'passkey'>;

/**
 * Reads a capture request.
 * @param withUsername true for verify (a claimed username is required), false for identify.
 * @throws AppError 415 (other content types), 400 (`invalid_json`, `invalid_multipart`, `invalid_request`),
 *   413 (image over `maxImageBytes`).
 */
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: true },
): Promise<VerifyRequest>;
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: false },
): Promise<IdentifyRequest>;
export async function readImageRequest(
  request: HttpRequest,
  options: { maxImageBytes: number; withUsername: boolean },
): Promise<VerifyRequest | IdentifyRequest> {
  const type = requireMediaType(request, IMAGE_MEDIA_TYPES);
  if (type === 'application/json') {
    const body = parseJsonObject(request.body);
    const { image, frames, burst, ...fields } = options.withUsername
      ? validate(verifyJsonBody, body)
      : validate(identifyJsonBody, body);
    return {
      ...definedOnly(fields),
      image: decodeBase64Image(image, options.maxImageBytes),
      ...(frames ? { frames: frames.map((f, i) => decodeBase64Image(f, options.maxImageBytes, `frames.${i}`)) } : {}),
      ...(burst ? { burst: burst.map((f, i) => decodeBase64Image(f, options.maxImageBytes, `burst.${i}`)) } : {}),
    };
  }

  const form = await parseMultipartForm(request.body, request.headers['content-type'] ?? '', {
    maxFileBytes: options.maxImageBytes,
    maxFiles: 1 + MAX_CHALLENGE_FRAMES + MAX_BURST_FRAMES,
  });
  const images = form.files.filter((f) => f.field === IMAGE_FIELD);
  const frames = form.files.filter((f) => f.field === FRAME_FIELD);
  const burst = form.files.filter((f) => f.field === BURST_FIELD);
  const file = images[0];
  if (!file || images.length > 1) {
    const message = Object.hasOwn(form.fields, IMAGE_FIELD)
      ? `"${IMAGE_FIELD}" must be sent as a file part, not a text field`
      : `exactly one file part named "${IMAGE_FIELD}" is required`;
    throw invalid(IMAGE_FIELD, message, message);
  }
  const stray = form.files.find((f) => ![IMAGE_FIELD, FRAME_FIELD, BURST_FIELD].includes(f.field));
  if (stray) throw invalid(stray.field, `unexpected file part "${stray.field}"`);
  if (frames.length > MAX_CHALLENGE_FRAMES) throw invalid(FRAME_FIELD, `at most ${MAX_CHALLENGE_FRAMES} frames`);
  if (burst.length > 0 && (burst.length < MIN_BURST_FRAMES || burst.length > MAX_BURST_FRAMES))
    throw invalid(BURST_FIELD, `must be ${MIN_BURST_FRAMES} to ${MAX_BURST_FRAMES} frames`);
  for (const part of [file, ...frames, ...burst]) if (part.bytes.length === 0) throw invalid(part.field, 'is empty');

  const fields = options.withUsername
    ? validate(verifyFormFields, form.fields)
    : validate(identifyFormFields, form.fields);
  return {
    ...definedOnly(fields),
    image: file.bytes,
    ...(frames.length > 0 ? { frames: frames.map((f: MultipartFile) => f.bytes) } : {}),
    ...(burst.length > 0 ? { burst: burst.map((f: MultipartFile) => f.bytes) } : {}),
  };
}

/** Drops members whose value is undefined (absent optional fields), so the result has only what was sent. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function invalid(path: string, detail: string, message = `${path} ${detail}`): AppError {
  return new AppError(400, 'invalid_request', message, { details: [{ path, message: detail }] });
}
