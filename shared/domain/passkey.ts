/**
 * A WebAuthn credential (passkey) registered for a user: the possession factor that replaces the hand-built device
 * key (shared/domain/device-key.ts). The authenticator keeps the private key and asks the person for their device
 * PIN or biometric (user verification) before it signs; the server keeps only what checks its signatures.
 */
export interface Passkey {
  id: string;
  tenantId: string;
  userId: string;
  /** The credential id the authenticator returns, base64url. Unique within a tenant. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter at the last accepted use (0 for authenticators that keep none). */
  counter: number;
  /** How the browser can reach the authenticator (`internal`, `usb`, `hybrid`, …), as it reported them. */
  transports: string[];
  /** Epoch milliseconds. */
  createdAt: number;
  lastUsedAt: number | null;
}

export type NewPasskey = Pick<Passkey, 'credentialId' | 'publicKey' | 'counter' | 'transports'>;

/** Longest credential id kept (base64url characters): 384 bytes, beyond what platform authenticators make. */
export const MAX_CREDENTIAL_ID_CHARS = 512;
