/** @facegate/server: for relying parties, checking FaceGate tokens on your server. */
export {
  FaceGateTokenError,
  tenantIssuer,
  verifyFaceGateToken,
  type FaceGateClaims,
  type VerifyFaceGateTokenOptions,
} from './verify-token.js';
