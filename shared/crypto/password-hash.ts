/**
 * Password hashing with scrypt (memory-hard), a random salt per password and the parameters
 * encoded in the string, so costs can rise later without breaking old hashes:
 * `$scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>`.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per hash on one core. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Longer passwords are refused so hashing time cannot be driven up by the input. */
export const PASSWORD_MAX_LENGTH = 1024;

/** A password that cannot be hashed: empty or longer than {@link PASSWORD_MAX_LENGTH}. */
export class InvalidPasswordError extends Error {
  override readonly name = 'InvalidPasswordError';
}

/** A stored hash string that is not one this module wrote. */
export class MalformedPasswordHashError extends Error {
  override readonly name = 'MalformedPasswordHashError';
}

/** Hashes `password` (NFKC-normalised, so the same typed password always matches). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const normalized = normalizePassword(password);
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(normalized, salt, params, HASH_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * True when `password` matches `encoded`, compared in constant time.
 * @throws MalformedPasswordHashError when `encoded` is not a hash this module wrote.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { params, salt, hash } = parseHash(encoded);
  let normalized: string;
  try {
    normalized = normalizePassword(password);
  } catch {
    return false;
  }
  const candidate = await derive(normalized, salt, params, hash.length);
  return timingSafeEqual(candidate, hash);
}

/** True when `encoded` was made with weaker parameters than `params` and should be re-hashed at next login. */
export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const stored = parseHash(encoded).params;
  return stored.ln < params.ln || stored.r < params.r || stored.p < params.p;
}

function normalizePassword(password: string): string {
  if (typeof password !== 'string' || password.length === 0 || password.length > PASSWORD_MAX_LENGTH) {
    throw new InvalidPasswordError(`password must be 1..${PASSWORD_MAX_LENGTH} characters`);
  }
  return password.normalize('NFKC');
}

const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } {
  const match = typeof encoded === 'string' ? ENCODED.exec(encoded) : null;
  if (!match) throw new MalformedPasswordHashError('not an scrypt password hash');
  // Every group is required by the pattern; the empty defaults would fail the checks below, never pass them.
  const [, ln = '', r = '', p = '', salt64 = '', hash64 = ''] = match;
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  checkParams(params, MalformedPasswordHashError);
  const salt = Buffer.from(salt64, 'base64');
  const hash = Buffer.from(hash64, 'base64');
  if (salt.length < 8 || hash.length < 16)
    throw new MalformedPasswordHashError('scrypt hash has a short salt or digest');
  return { params, salt, hash };
}

/** Most memory a parameter set may ask for (128·N·r bytes). */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** Bounds keep a stored (or passed) parameter set from asking for gigabytes or minutes. */
function checkParams(params: ScryptParams, ErrorType: new (message: string) => Error = RangeError): void {
  const { ln, r, p } = params;
  const integers = Number.isInteger(ln) && Number.isInteger(r) && Number.isInteger(p);
  if (!integers || ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16 || 128 * 2 ** ln * r > MAX_SCRYPT_MEMORY) {
    throw new ErrorType(`scrypt parameters out of range: ln=${ln}, r=${r}, p=${p}`);
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
