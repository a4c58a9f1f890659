/**
 * The web pages' API object: @facegate/client's FaceGateClient with the constructor the pages have always used.
 * `apiKey` is asked before every request: the publishable key from `browserApi()` (browser-key.ts) on the end-user
 * pages, the signed-in operator's key in the console.
 */
import { FaceGateClient, type FetchLike } from '@facegate/client';

/** A relying party registered with the tenant's OpenID Provider (`/v1/oidc/clients`, operator key). */
export interface OidcClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  tokenEndpointAuthMethod: string;
  /** Only in the answer to the registration of a confidential client: shown once. */
  clientSecret?: string;
}

export interface RegisterOidcClient {
  name: string;
  redirectUris: string[];
  firstParty: boolean;
  /** A server that can keep a secret; false for browser or native apps. */
  confidential: boolean;
}

export class FaceGateApi extends FaceGateClient {
  constructor(apiKey: () => string | null, baseUrl = '', fetchImpl?: FetchLike) {
    super({ apiKey, baseUrl, fetch: fetchImpl });
  }

  /** The console's registry of OpenID Connect clients (the console only: not part of the SDK's surface). */
  listOidcClients(): Promise<{ clients: OidcClient[] }> {
    return this.http.request('/v1/oidc/clients');
  }

  registerOidcClient(input: RegisterOidcClient): Promise<OidcClient> {
    return this.http.request('/v1/oidc/clients', { method: 'POST', json: input });
  }

  deleteOidcClient(clientId: string): Promise<void> {
    return this.http.request(`/v1/oidc/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' });
  }
}
