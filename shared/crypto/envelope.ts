/**
 * Envelope encryption of data at rest other than templates (webhook secrets, stored enrollment photos), under the
 * template key machinery (issue 12, finding 9): each value gets its own random 256-bit data key (AES-256-GCM), and
 * that data key is wrapped by the active template key. Rotation (`npm run keys:rotate-template`) re-wraps only the
 * data key, so a photo is never decrypted and re-encrypted to change keys.
 *
 * Layout: `"FGE1" ‖ keyIdLength(1) ‖ keyId ‖ wrappedKey(60) ‖ iv(12) ‖ ciphertext ‖ tag(16)`. The context (what the
 * value is and whose: e.g. tenant, user, capture id) is authenticated in both layers, so a sealed value copied to
 * another row or object does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TemplateDecryptError, type TemplateCipher } from './template-cipher.js';

const MAGIC = Buffer.from('FGE1', 'ascii');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_BYTES = IV_BYTES + 32 + TAG_BYTES;

/** Text form for a text column: `fge1:` and the sealed bytes in base64url. */
export const SEALED_TEXT_PREFIX = 'fge1:';

/** True when `bytes` is a sealed envelope (and not, say, a JPEG written before encryption at rest). */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.length > MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC);
}

function contextBytes(context: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(['facegate.envelope.v1', ...context]), 'utf8');
}

/** Seals `plain` for `context` under a fresh data key wrapped by the active key. */
export function seal(cipher: TemplateCipher, plain: Uint8Array, context: readonly string[]): Buffer {
  const aad = contextBytes(context);
  const dataKey = randomBytes(32);
  try {
    const { keyId, wrapped } = cipher.wrapKey(dataKey, aad);
    const iv = randomBytes(IV_BYTES);
    const body = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
    body.setAAD(aad);
    const id = Buffer.from(keyId, 'ascii');
    return Buffer.concat([
      MAGIC,
      Buffer.of(id.length),
      id,
      wrapped,
      iv,
      body.update(plain),
      body.final(),
      body.getAuthTag(),
    ]);
  } finally {
    dataKey.fill(0);
  }
}

interface Parsed {
  keyId: string;
  wrapped: Buffer;
  rest: Buffer;
}

function parse(sealed: Uint8Array): Parsed {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (!isSealed(bytes)) throw new TemplateDecryptError('not a sealed envelope');
  const idLength = bytes[MAGIC.length] ?? 0;
  const keyStart = MAGIC.length + 1;
  const wrappedStart = keyStart + idLength;
  const restStart = wrappedStart + WRAPPED_BYTES;
  if (idLength === 0 || bytes.length < restStart + IV_BYTES + TAG_BYTES)
    throw new TemplateDecryptError('malformed envelope');
  return {
    keyId: bytes.subarray(keyStart, wrappedStart).toString('ascii'),
    wrapped: bytes.subarray(wrappedStart, restStart),
    rest: bytes.subarray(restStart),
  };
}

/** The id of the key that wraps a sealed envelope's data key. */
export function envelopeKeyId(sealed: Uint8Array): string {
  return parse(sealed).keyId;
}

/** Opens a sealed envelope. @throws TemplateDecryptError when it is not one, or does not open for `context`. */
export function open(cipher: TemplateCipher, sealed: Uint8Array, context: readonly string[]): Buffer {
  const { keyId, wrapped, rest } = parse(sealed);
  const aad = contextBytes(context);
  const dataKey = cipher.unwrapKey(keyId, wrapped, aad);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, rest.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(rest.subarray(rest.length - TAG_BYTES));
    return Buffer.concat([decipher.update(rest.subarray(IV_BYTES, rest.length - TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw new TemplateDecryptError('sealed envelope failed authentication', { cause });
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Key rotation: the same envelope with its data key wrapped by the active key (the body is untouched), or null
 * when it already is. @throws TemplateDecryptError when the data key does not open.
 */
export function rewrap(cipher: TemplateCipher, sealed: Uint8Array, context: readonly string[]): Buffer | null {
  const { keyId, wrapped, rest } = parse(sealed);
  if (keyId === cipher.activeKeyId) return null;
  const aad = contextBytes(context);
  const dataKey = cipher.unwrapKey(keyId, wrapped, aad);
  try {
    const next = cipher.wrapKey(dataKey, aad);
    const id = Buffer.from(next.keyId, 'ascii');
    return Buffer.concat([MAGIC, Buffer.of(id.length), id, next.wrapped, rest]);
  } finally {
    dataKey.fill(0);
  }
}

/** `seal` for a text column. */
export function sealText(cipher: TemplateCipher, plain: string, context: readonly string[]): string {
  return SEALED_TEXT_PREFIX + seal(cipher, Buffer.from(plain, 'utf8'), context).toString('base64url');
}

/** Opens `sealText`'s output; a value without the prefix was stored before encryption and is returned as it is. */
export function openText(cipher: TemplateCipher, stored: string, context: readonly string[]): string {
  if (!stored.startsWith(SEALED_TEXT_PREFIX)) return stored;
  return open(cipher, Buffer.from(stored.slice(SEALED_TEXT_PREFIX.length), 'base64url'), context).toString('utf8');
}

/** `rewrap` for a text column; null when already under the active key. */
export function rewrapText(cipher: TemplateCipher, stored: string, context: readonly string[]): string | null {
  const next = rewrap(cipher, Buffer.from(stored.slice(SEALED_TEXT_PREFIX.length), 'base64url'), context);
  return next === null ? null : SEALED_TEXT_PREFIX + next.toString('base64url');
}
