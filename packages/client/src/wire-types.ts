/**
 * The JSON the FaceGate API sends, and what the SDK sends. The response types are generated from the server's zod
 * schemas, the contract the server builds every answer through and generates `/openapi.json` from
 * (api-types.generated.ts, `npm run sdk:types`), so the published package needs neither zod nor the server's
 * files. The request-side types below are the SDK's own (images as ImageInput, not base64).
 */
import type { Attempt, ListAttemptsQuery } from './api-types.generated.js';
import type { ImageInput } from './image-input.js';

export type * from './api-types.generated.js';

/** A public JSON Web Key (a device key, or a JWKS entry): the SDK must not depend on the DOM's JsonWebKey type. */
export interface PublicJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
  alg?: string;
  use?: string;
  ext?: boolean;
  key_ops?: string[];
}

export interface StartEnrollmentRequest {
  username: string;
  displayName?: string;
  email?: string;
  contentType?: string;
  /** Public JWK of a device key (the possession factor before passkeys; prefer `passkey`). */
  deviceKey?: PublicJwk;
  /** A passkey to register: the WebAuthn registration response (JSON) made for a challenge's nonce. */
  passkey?: { challengeId: string; response: object };
}

/** What verify may carry besides the capture. */
export interface LoginFactors {
  challengeId?: string;
  /** base64url ES256 signature of the challenge by the device key (accounts enrolled before passkeys). */
  signature?: string;
  /** The WebAuthn authentication response (JSON) of the user's passkey over the challenge's nonce. */
  passkey?: object;
  /** Active challenge: frames taken while turning the head. */
  frames?: ImageInput[];
  /** Liveness burst: 2-5 frames taken over about a second after the capture (one per light colour, in order). */
  burst?: ImageInput[];
}

/** What identify may carry besides the capture: verify's factors but the possession proof (nobody is named yet). */
export type IdentifyFactors = Pick<LoginFactors, 'challengeId' | 'frames' | 'burst'>;

export type AttemptKind = Attempt['kind'];
export type AttemptOutcome = Attempt['outcome'];
export type AttemptLabel = NonNullable<Attempt['label']>['label'];

/** `GET /v1/attempts`'s filters (the SDK lists verify attempts only): since inclusive, until exclusive. */
export type AttemptFilter = Partial<Omit<ListAttemptsQuery, 'kind'>>;
