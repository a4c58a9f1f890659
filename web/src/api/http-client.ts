/** The SDK's fetch wrapper (Bearer key, JSON, FaceGateError), under the web client's old module name. */
export { HttpClient, type RequestOptions } from '@facegate/client';
