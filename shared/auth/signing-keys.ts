/**
 * ES256 signing keys for access tokens. The newest key signs; the previous one stays published in the JWKS until
 * tokens it signed have expired, so rotation never invalidates a token that is still in use.
 */
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomUUID, type webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The private JWK itself, for signers that take JWKs (the OpenID Provider, shared/oidc/). */
  privateJwk: JWK;
}

/** Where signing keys live: a file in the local data dir, Secret Manager in production. */
export interface SigningKeyStore {
  /** Newest first; at least one. */
  keys(): Promise<SigningKey[]>;
  /** Make a new current key; keep the previous one for verification only. */
  rotate(): Promise<SigningKey[]>;
}

/** Serialised form: private JWKs, newest first. */
export type StoredKeys = JWK[];

export const MAX_PUBLISHED_KEYS = 2;

export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: 'ES256', use: 'sig' };
}

export async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  if (!jwk.kid || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d)
    throw new Error('Stored signing key is not an ES256 private JWK with a kid');
  const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
  const { d: _d, ...pub } = jwk;
  return {
    kid: jwk.kid,
    privateKey,
    publicJwk: { ...pub, alg: 'ES256', use: 'sig' },
    privateJwk: { ...jwk, alg: 'ES256', use: 'sig' },
  };
}

/** Keys held in memory, persisted through `save` (a file, a secret). */
export class JwkSigningKeyStore implements SigningKeyStore {
  private cache?: SigningKey[];

  constructor(
    private readonly load: () => Promise<StoredKeys | null>,
    private readonly save: (keys: StoredKeys) => Promise<void>,
  ) {}

  async keys(): Promise<SigningKey[]> {
    if (this.cache) return this.cache;
    let stored = await this.load();
    if (!stored || stored.length === 0) {
      stored = [await generateSigningJwk()];
      await this.save(stored);
    }
    this.cache = await Promise.all(stored.slice(0, MAX_PUBLISHED_KEYS).map(toSigningKey));
    return this.cache;
  }

  async rotate(): Promise<SigningKey[]> {
    const stored = (await this.load()) ?? [];
    const next = [await generateSigningJwk(), ...stored].slice(0, MAX_PUBLISHED_KEYS);
    await this.save(next);
    this.cache = undefined;
    return this.keys();
  }
}

/**
 * Keys deployed from Secret Manager (FACEGATE_JWT_SIGNING_KEYS): every instance signs with the same newest key
 * and publishes the same JWKS. An instance never rotates them: operators add a new secret version instead.
 */
export function deployedSigningKeyStore(keys: readonly JWK[]): JwkSigningKeyStore {
  return new JwkSigningKeyStore(
    () => Promise.resolve(keys.map((jwk) => ({ ...jwk }))),
    () => Promise.reject(new Error('deployed signing keys are rotated by adding a secret version, not by an instance')),
  );
}
