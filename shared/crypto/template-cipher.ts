/**
 * AES-256-GCM encryption of face templates at rest.
 *
 * Sealed layout: `version(1) ‖ iv(12) ‖ ciphertext(4·dims) ‖ tag(16)`. The key id travels beside the
 * sealed bytes (its own column) so keys can rotate: new rows use the active key, old rows name theirs.
 * The additional authenticated data binds a ciphertext to its row (tenant, user, model version,
 * template id): copied into any other row it no longer decrypts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { endianness } from 'node:os';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HEADER_BYTES = 1 + IV_BYTES;

/** The row a template ciphertext belongs to; authenticated, not encrypted. */
export interface TemplateBinding {
  tenantId: string;
  userId: string;
  modelVersion: string;
  templateId: string;
}

/** An encrypted embedding and the id of the key that sealed it. */
export interface SealedEmbedding {
  keyId: string;
  sealed: Buffer;
}

/** Keys by id, and which one encrypts new rows. */
export interface TemplateKeyring {
  activeKeyId: string;
  keys: Readonly<Record<string, Uint8Array>>;
}

/** The keyring is unusable: wrong key length, bad key id, or the active key missing. */
export class TemplateKeyError extends Error {
  override readonly name = 'TemplateKeyError';
}

/** A sealed embedding failed to open: tampered, moved to another row, truncated, or under an unknown key. */
export class TemplateDecryptError extends Error {
  override readonly name = 'TemplateDecryptError';
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

// Embeddings are stored as raw little-endian float32 bytes so that every bit, NaN payloads
// included, survives; a big-endian host would write a different format.
if (endianness() !== 'LE') throw new Error('template-cipher assumes a little-endian host');

/** Encrypts and decrypts template embeddings under a keyring. */
export class TemplateCipher {
  readonly activeKeyId: string;
  readonly #keys: Map<string, Buffer>;
  readonly #activeKey: Buffer;

  constructor(keyring: TemplateKeyring) {
    this.#keys = new Map();
    for (const [id, key] of Object.entries(keyring.keys)) {
      if (!KEY_ID.test(id)) throw new TemplateKeyError(`template key id ${JSON.stringify(id)} must match ${KEY_ID}`);
      if (key.length !== KEY_BYTES)
        throw new TemplateKeyError(`template key ${id} has ${key.length} bytes, needs ${KEY_BYTES}`);
      this.#keys.set(id, Buffer.from(key));
    }
    const active = this.#keys.get(keyring.activeKeyId);
    if (!active) {
      throw new TemplateKeyError(`active template key ${JSON.stringify(keyring.activeKeyId)} is not in the keyring`);
    }
    this.activeKeyId = keyring.activeKeyId;
    this.#activeKey = active;
  }

  /** Seals `embedding` under the active key with a fresh random IV. */
  encrypt(embedding: Float32Array, binding: TemplateBinding): SealedEmbedding {
    const key = this.#activeKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(binding));
    const plain = Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
    const sealed = Buffer.concat([
      Buffer.of(FORMAT_VERSION),
      iv,
      cipher.update(plain),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return { keyId: this.activeKeyId, sealed };
  }

  /**
   * Envelope encryption of other data at rest (./envelope.ts): wraps a data key under the active key, bound to
   * `context` (authenticated, not encrypted). @returns the wrapping key's id and `iv ‖ ciphertext ‖ tag`.
   */
  wrapKey(dataKey: Buffer, context: Buffer): { keyId: string; wrapped: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#activeKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(context);
    const wrapped = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { keyId: this.activeKeyId, wrapped };
  }

  /** Opens a data key wrapped by `wrapKey`. @throws TemplateDecryptError (unknown key, tampered, other context). */
  unwrapKey(keyId: string, wrapped: Buffer, context: Buffer): Buffer {
    const key = this.#keys.get(keyId);
    if (!key) throw new TemplateDecryptError(`data key is wrapped under unknown key ${keyId}`);
    if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new TemplateDecryptError('malformed wrapped key');
    const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(context);
    decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new TemplateDecryptError('data key failed authentication', { cause });
    }
  }

  /** Every key id this cipher can open, the active one included. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Re-encrypts a sealed embedding under the active key (key rotation): opened with whichever key sealed it,
   * sealed again with a fresh IV and the same binding. The plaintext never leaves this method.
   * @throws TemplateDecryptError when it does not open.
   */
  reseal(sealed: SealedEmbedding, binding: TemplateBinding, dims: number): SealedEmbedding {
    const embedding = this.decrypt(sealed, binding, dims);
    try {
      return this.encrypt(embedding, binding);
    } finally {
      embedding.fill(0);
    }
  }

  /**
   * Opens a sealed embedding of `dims` float32 values.
   * @throws TemplateDecryptError when it does not authenticate for this binding or is malformed.
   */
  decrypt(sealed: SealedEmbedding, binding: TemplateBinding, dims: number): Float32Array {
    const key = this.#keys.get(sealed.keyId);
    if (!key)
      throw new TemplateDecryptError(`template ${binding.templateId} is sealed under unknown key ${sealed.keyId}`);
    const bytes = sealed.sealed;
    if (bytes.length !== HEADER_BYTES + dims * 4 + TAG_BYTES || bytes[0] !== FORMAT_VERSION) {
      throw new TemplateDecryptError(`template ${binding.templateId} has a malformed ciphertext`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, HEADER_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(additionalData(binding));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (cause) {
      throw new TemplateDecryptError(`template ${binding.templateId} failed authentication`, { cause });
    }
    // Copy into a fresh, aligned buffer: the decrypted Buffer may sit at an odd offset in Node's pool.
    const embedding = new Float32Array(dims);
    new Uint8Array(embedding.buffer).set(plain);
    return embedding;
  }
}

function additionalData(binding: TemplateBinding): Buffer {
  // A JSON array is unambiguous however the ids are spelled (no separator can be smuggled in).
  return Buffer.from(
    JSON.stringify([
      'facegate.template.v1',
      binding.tenantId,
      binding.userId,
      binding.modelVersion,
      binding.templateId,
    ]),
    'utf8',
  );
}

/**
 * Decodes a configured 32-byte key given as 64 hex digits or base64/base64url.
 * @throws TemplateKeyError when it is neither or not 32 bytes.
 */
export function parseTemplateKey(encoded: string): Buffer {
  const text = encoded.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new TemplateKeyError('template key must be 32 bytes written as 64 hex digits or base64');
  }
  return key;
}
