/**
 * The text the device key signs, exactly as the server rebuilds it (shared/app/possession/possession-message.ts;
 * a test keeps the two equal): version, tenant, username, challenge id and nonce, one per line.
 */
export interface PossessionMessageFields {
  tenantId: string;
  /** As the server stores it: trimmed and lower-cased (NFC). */
  username: string;
  challengeId: string;
  nonce: string;
}

export function possessionMessage(f: PossessionMessageFields): string {
  return ['facegate-possession-v1', f.tenantId, f.username, f.challengeId, f.nonce].join('\n');
}

/** The username as the server compares it (domain normalizeUsername, without its validity checks). */
export function canonicalUsername(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}
