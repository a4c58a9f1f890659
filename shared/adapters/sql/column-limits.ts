/**
 * Lengths of the varchar columns, in characters. MySQL refuses longer values while SQLite stores
 * them, so the repositories check (or, for log fields, cut) against these to behave the same on both.
 */
export const COLUMN_LIMITS = {
  id: 64,
  name: 200,
  role: 16,
  keyHash: 64,
  displayPrefix: 32,
  label: 200,
  username: 128,
  displayName: 200,
  email: 320,
  passwordHash: 255,
  status: 16,
  reason: 64,
  kind: 16,
  blobPath: 400,
  generation: 32,
  contentType: 100,
  modelVersion: 64,
  keyId: 32,
  clientIp: 64,
  userAgent: 512,
  actor: 128,
  action: 64,
  subjectType: 32,
  nonce: 64,
  prompt: 16,
  attemptLabel: 16,
  labelNote: 500,
  webhookUrl: 2048,
  webhookSecret: 256,
  /** The webhook secret as stored: sealed (shared/crypto/envelope.ts), so longer than the secret. */
  sealedWebhookSecret: 1024,
  counterKey: 200,
  alertKind: 32,
  summary: 500,
  /** oidc-provider model names (`AuthorizationCode`, `ClientCredentials`, …) and its ids (43-char tokens, client ids). */
  oidcModel: 32,
  oidcId: 128,
} as const;

/** Largest serialised JSON a text column holds on MySQL (65,535 bytes). */
export const JSON_MAX_BYTES = 65_535;
