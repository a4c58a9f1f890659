/** An organization using FaceGate; every other record belongs to exactly one tenant. */
export interface Tenant {
  id: string;
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  settings: TenantSettings;
}

/** What an operator can switch per tenant (`PATCH /v1/settings`). */
export interface TenantSettings {
  /**
   * Verify also needs proof of a device key registered at enrollment (SP 800-63B: a biometric alone is not an
   * authenticator): an ES256 signature over a single-use server challenge.
   */
  requirePossession: boolean;
  /** Verify also needs frames showing the head turned the way a random server prompt asked (an active challenge). */
  activeChallenge: boolean;
  /**
   * Verify also needs a liveness burst (3-5 frames): single-image clients are refused `burst_required`. Off: a
   * burst is still checked when a client sends one, and a single image is judged by the passive check alone.
   */
  requireBurst: boolean;
  /** The burst must follow a random screen-colour sequence (the light challenge against screens and video). */
  lightChallenge: boolean;
}

/** Settings of a new tenant: face only, as before these settings existed. */
export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  requirePossession: false,
  activeChallenge: false,
  requireBurst: false,
  lightChallenge: false,
});
