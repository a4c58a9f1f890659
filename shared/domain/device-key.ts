/**
 * The public half of a user's device key: an ECDSA P-256 key made non-extractable in the browser at enrollment.
 * Proves possession of the enrolling device at login (the second factor next to the face).
 */
export interface DevicePublicJwk {
  kty: 'EC';
  crv: 'P-256';
  /** base64url of the 32-byte affine coordinates. */
  x: string;
  y: string;
}

export interface DeviceKey {
  id: string;
  tenantId: string;
  userId: string;
  publicJwk: DevicePublicJwk;
  /** Epoch milliseconds. */
  createdAt: number;
}
