/**
 * The web client's name for @facegate/client's FaceGateError (kept so the pages' imports stay as they were):
 * `status` 0 means the request never got an HTTP answer (offline, refused, CORS).
 */
export { FaceGateError as ApiError, isMissingEndpoint } from '@facegate/client';
