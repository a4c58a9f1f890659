/**
 * Relying parties a tenant's operator registers with the tenant's OpenID Provider. A confidential client (a server)
 * gets a secret, shown once; a public client (a single-page or native app) gets none and must use PKCE, which the
 * provider requires of every client anyway. Metadata is checked by the provider's own validator before it is stored.
 */
import { randomBytes } from 'node:crypto';
import { badRequest, notFound } from '../app/app-error.js';
import type { OidcPayloadStore } from '../ports/oidc-payloads.js';
import { FIRST_PARTY_PROPERTY } from './provider-configuration.js';
import type { TenantProviders } from './tenant-providers.js';

export interface RegisterClientInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** The tenant's own application: no consent screen (default true: the operator registers it). */
  firstParty?: boolean;
  /** A server that can keep a secret (default); false for browser or native apps. */
  confidential?: boolean;
}

export interface ClientView {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  firstParty: boolean;
  tokenEndpointAuthMethod: string;
}

export interface RegisteredClient extends ClientView {
  /** Only in the answer to the registration; not stored anywhere it can be read back through the API. */
  clientSecret?: string;
}

const CLIENT_MODEL = 'Client';
const MAX_URIS = 10;

export class OidcClients {
  constructor(
    private readonly providers: TenantProviders,
    private readonly payloads: OidcPayloadStore,
  ) {}

  async register(tenantId: string, input: RegisterClientInput): Promise<RegisteredClient> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 200) throw badRequest('invalid_client_name', 'name: 1-200 characters');
    const redirectUris = uriList('redirectUris', input.redirectUris, true);
    const postLogoutRedirectUris = uriList('postLogoutRedirectUris', input.postLogoutRedirectUris ?? [], false);
    const confidential = input.confidential !== false;
    const clientId = `fgc_${randomBytes(12).toString('base64url')}`;
    const clientSecret = confidential ? randomBytes(32).toString('base64url') : undefined;
    const metadata = {
      client_id: clientId,
      ...(clientSecret ? { client_secret: clientSecret } : {}),
      client_name: name,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
      id_token_signed_response_alg: 'ES256',
      [FIRST_PARTY_PROPERTY]: input.firstParty !== false,
    };
    const provider = await this.providers.providerFor(tenantId);
    if (!provider) throw notFound('tenant');
    try {
      await provider.Client.validate(metadata as Parameters<typeof provider.Client.validate>[0]);
    } catch (error) {
      const detail = error as { error_description?: string; message?: string };
      throw badRequest('invalid_client_metadata', detail.error_description ?? detail.message ?? 'invalid client');
    }
    await this.payloads.forTenant(tenantId).upsert({ model: CLIENT_MODEL, id: clientId, payload: metadata });
    return { ...toView(metadata), ...(clientSecret ? { clientSecret } : {}) };
  }

  async list(tenantId: string): Promise<ClientView[]> {
    const records = await this.payloads.forTenant(tenantId).listPermanent(CLIENT_MODEL);
    return records.map((r) => toView(r.payload));
  }

  async remove(tenantId: string, clientId: string): Promise<void> {
    const payloads = this.payloads.forTenant(tenantId);
    if (!(await payloads.find(CLIENT_MODEL, clientId))) throw notFound('client');
    await payloads.destroy(CLIENT_MODEL, clientId);
  }
}

function uriList(field: string, value: unknown, required: boolean): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw badRequest('invalid_client_metadata', `${field}: an array of URLs`);
  if ((required && value.length === 0) || value.length > MAX_URIS)
    throw badRequest('invalid_client_metadata', `${field}: ${required ? 1 : 0}-${MAX_URIS} URLs`);
  return value as string[];
}

function toView(metadata: Record<string, unknown>): ClientView {
  return {
    clientId: text(metadata['client_id'], ''),
    name: text(metadata['client_name'], ''),
    redirectUris: (metadata['redirect_uris'] as string[] | undefined) ?? [],
    postLogoutRedirectUris: (metadata['post_logout_redirect_uris'] as string[] | undefined) ?? [],
    firstParty: metadata[FIRST_PARTY_PROPERTY] === true,
    tokenEndpointAuthMethod: text(metadata['token_endpoint_auth_method'], 'client_secret_basic'),
  };
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
