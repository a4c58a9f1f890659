/**
 * The web pages' API object: @facegate/client's FaceGateClient with the constructor the pages have always used.
 * `apiKey` is asked before every request: the publishable key from `browserApi()` (browser-key.ts) on the end-user
 * pages, the signed-in operator's key in the console.
 */
import { FaceGateClient, type FetchLike } from '@facegate/client';

export class FaceGateApi extends FaceGateClient {
  constructor(apiKey: () => string | null, baseUrl = '', fetchImpl?: FetchLike) {
    super({ apiKey, baseUrl, fetch: fetchImpl });
  }
}
