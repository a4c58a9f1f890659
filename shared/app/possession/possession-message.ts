/**
 * The exact text a device key signs to prove possession: one line per field, so no value can run into the next
 * (usernames have no whitespace; ids and nonces are base64url). Binding the tenant and the username means a
 * signature made for one login is useless for any other, and the single-use challenge makes it useless twice.
 *
 * The one definition: the server checks signatures over it and the web client (web/src/possession/device-key.ts)
 * imports it to sign, so the two cannot drift. Browser-safe: no imports.
 */
export const POSSESSION_MESSAGE_VERSION = 'facegate-possession-v1';

export interface PossessionMessageFields {
  tenantId: string;
  /** Canonical (normalised) username. */
  username: string;
  challengeId: string;
  nonce: string;
}

export function possessionMessage(f: PossessionMessageFields): string {
  return [POSSESSION_MESSAGE_VERSION, f.tenantId, f.username, f.challengeId, f.nonce].join('\n');
}
