/**
 * What the OpenID Provider keeps between requests (sessions, interactions, authorization codes, grants, registered
 * clients…): JSON documents named by tenant, model and id, as oidc-provider's Adapter interface needs them. The
 * provider's own objects stay opaque here; only the lookup keys it asks by are columns.
 */

/** One stored document of the provider. */
export interface OidcPayloadRecord {
  /** oidc-provider's model name: `Session`, `Interaction`, `AuthorizationCode`, `Grant`, `Client`, … */
  model: string;
  id: string;
  payload: Record<string, unknown>;
  /** Epoch ms after which the document is gone; absent for documents that do not expire (registered clients). */
  expiresAt?: number;
  /** Epoch ms when a one-time document (an authorization code) was used; a second use is refused by the provider. */
  consumedAt?: number;
}

/** A tenant's provider documents. Expired documents are never returned. */
export interface OidcPayloads {
  upsert(record: OidcPayloadRecord): Promise<void>;
  find(model: string, id: string): Promise<OidcPayloadRecord | undefined>;
  findByUid(model: string, uid: string): Promise<OidcPayloadRecord | undefined>;
  findByUserCode(model: string, userCode: string): Promise<OidcPayloadRecord | undefined>;
  /** Marks a one-time document used (idempotent). */
  consume(model: string, id: string): Promise<void>;
  destroy(model: string, id: string): Promise<void>;
  /** Every document issued under one grant (codes, tokens, the grant itself): what logout and reuse detection drop. */
  revokeByGrantId(grantId: string): Promise<void>;
  /** The tenant's documents of one model that do not expire (registered clients), oldest first. */
  listPermanent(model: string): Promise<OidcPayloadRecord[]>;
}

/** Opens the documents of one tenant; every query filters by it. */
export interface OidcPayloadStore {
  forTenant(tenantId: string): OidcPayloads;
  /** Key rotation: registered clients' secrets (sealed at rest) re-wrapped under the active key; rows changed. */
  resealClientSecrets(): Promise<number>;
}
