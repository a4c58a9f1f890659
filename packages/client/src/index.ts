/**
 * @facegate/client: FaceGate's API from browsers, React Native / Expo and Node, with fetch and Blob only.
 *
 *   const facegate = new FaceGateClient({ baseUrl: 'https://facegate.example.com', apiKey: 'fgpk_…' });
 *   const enrollment = await facegate.enroll({ username: 'ada', photo });
 *   const result = await facegate.verify('ada', photo);
 */
export { FaceGateClient, type EnrollInput, type EnrollResult, type FaceGateClientOptions } from './client.js';
export {
  FaceGateError,
  isFaceGateError,
  isMissingEndpoint,
  settle,
  type ClientErrorCode,
  type FaceGateErrorCode,
  type Result,
} from './errors.js';
export { HttpClient, errorFrom, type ApiKeySource, type FetchLike, type RequestOptions } from './http-client.js';
export { encodeImage, fileNameFor, type ImageInput } from './image-input.js';
export { EnrollmentTimeoutError, abortableSleep, pollEnrollment, type PollOptions } from './poll-enrollment.js';
export { fetchUploader, uploadError, type SignedUploader } from './signed-upload.js';
export type * from './wire-types.js';
