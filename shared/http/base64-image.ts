/**
 * Decoding an inline image from JSON: plain base64 (standard or URL-safe alphabet, padding optional, line breaks
 * tolerated) or a `data:<type>;base64,<data>` URL. Node's own base64 decoder skips junk silently; checking the
 * alphabet first means a corrupted payload is a 400, not a smaller image.
 */
import { AppError } from '../app/app-error.js';

const DATA_URL = /^data:([^,]*?);base64,/i;
const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * The bytes of an inline image.
 * @param field name used in error messages and details.
 * @throws AppError 400 `invalid_request` (not base64, empty), 413 `payload_too_large` (over `maxBytes`).
 */
export function decodeBase64Image(value: string, maxBytes: number, field = 'image'): Buffer {
  let payload = value;
  const dataUrl = DATA_URL.exec(value);
  if (dataUrl) payload = value.slice(dataUrl[0].length);
  else if (/^data:/i.test(value)) throw invalid(field, 'a data: URL must be base64-encoded (data:<type>;base64,...)');

  const compact = payload.replace(/[\r\n\t ]+/g, '');
  const padded = compact.endsWith('=');
  if (!(STANDARD.test(compact) || URL_SAFE.test(compact)) || compact.length % 4 === 1) {
    throw invalid(field, `${field} must be base64 or a data: URL with base64 data`);
  }
  if (padded && compact.length % 4 !== 0) throw invalid(field, `${field} has misplaced base64 padding`);

  const unpadded = compact.replace(/=+$/, '').length;
  // Checked before decoding, so an oversized payload costs no allocation.
  const decodedLength = Math.floor((unpadded * 3) / 4);
  if (decodedLength > maxBytes) throw new AppError(413, 'payload_too_large', `the image exceeds ${maxBytes} bytes`);
  if (decodedLength === 0) throw invalid(field, `${field} is empty`);
  // Node's base64 decoder reads both alphabets; the checks above already refused a mix of them.
  return Buffer.from(compact, 'base64');
}

function invalid(field: string, message: string): AppError {
  return new AppError(400, 'invalid_request', message, { details: [{ path: field, message }] });
}
