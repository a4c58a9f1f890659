/**
 * The JSON the FaceGate API sends: the response types are inferred from the server's zod schemas, the contract the
 * server builds every answer through and generates `/openapi.json` from (shared/http/response-schemas.ts). Type-only
 * imports: nothing of the server runs in the SDK or the browser bundle. The request-side types below are the SDK's
 * own (images as ImageInput, not base64).
 */
import type { z } from 'zod';
import type * as api from '../../../shared/http/response-schemas.js';
import type * as operator from '../../../shared/http/operator-response-schemas.js';
import type * as requests from '../../../shared/http/request-schemas.js';
import type { ImageInput } from './image-input.js';

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

export type EnrollmentStatus = z.output<typeof api.enrollmentStatus>;
export type Decision = z.output<typeof api.decision>;

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

/** `POST /v1/challenges`: single use, until `expiresAt`. */
export type Challenge = z.output<typeof api.challenge>;

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

/** `GET/PATCH /v1/settings` (operator). */
export type TenantSettings = z.output<typeof api.settings>;
export type SignedUpload = z.output<typeof api.signedUpload>;
export type EnrollmentStarted = z.output<typeof api.enrollmentStarted>;
export type Enrollment = z.output<typeof api.enrollment>;
/** Score and threshold are absent on a denial to a client key, which also gets `not_verified` for every account-dependent reason. */
export type VerifyResult = z.output<typeof api.verifyResult>;
export type IdentifyResult = z.output<typeof api.identifyResult>;
export type User = z.output<typeof api.user>;
/** `GET /v1/users/{userId}`: the user and the ids of their enrollment photos, newest first. */
export type UserDetail = z.output<typeof api.userDetail>;
/** `GET /v1/webhook`: where alerts are POSTed (never the secret). */
export type WebhookStatus = z.output<typeof api.webhookStatus>;
/** `PUT /v1/webhook`: the secret is shown this once. */
export type WebhookSet = z.output<typeof api.webhook>;
export type UserPage = z.output<typeof api.userList>;
export type ErrorEnvelope = z.output<typeof api.errorBody>;

/** One login attempt as `GET /v1/attempts` lists it. */
export type Attempt = z.output<typeof operator.attempt>;
export type AttemptKind = Attempt['kind'];
export type AttemptOutcome = Attempt['outcome'];
export type AttemptLabel = NonNullable<Attempt['label']>['label'];
export type AttemptPage = z.output<typeof operator.attemptList>;

/** `GET /v1/attempts`'s filters (the SDK lists verify attempts only): since inclusive, until exclusive. */
export type AttemptFilter = Partial<Omit<z.output<typeof requests.listAttemptsQuery>, 'kind'>>;

export type AlertSeverity = z.output<typeof operator.alertSeverity>;
/** One security alert as `GET /v1/alerts` lists it, with the state of its webhook delivery. */
export type Alert = z.output<typeof operator.alert>;
export type AlertPage = z.output<typeof operator.alertList>;

/** p50/p95/p99 in milliseconds. */
export type Percentiles = z.output<typeof operator.percentiles>;
export type OutcomeCounts = z.output<typeof operator.outcomeCounts>;
/** `GET /v1/metrics` (docs/monitoring.md explains the estimates). */
export type Metrics = z.output<typeof operator.metrics>;
export type DriftWindow = z.output<typeof operator.driftWindow>;
export type FeatureDrift = z.output<typeof operator.featureDrift>;
/** One run of the drift check, as `GET /v1/drift` lists it. */
export type DriftReport = z.output<typeof operator.driftReport>;
export type DriftReportPage = z.output<typeof operator.driftReportList>;
