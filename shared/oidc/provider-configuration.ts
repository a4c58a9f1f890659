/**
 * The configuration of one tenant's OpenID Provider (oidc-provider): authorization code with PKCE only, ES256 ID
 * tokens from the service's signing keys, storage in the service's database, the face login as its interaction,
 * consent-free first-party clients, short sessions and RP-initiated logout.
 */
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { SigningKey } from '../auth/signing-keys.js';
import type { Repositories } from '../ports/repositories.js';
import { ACR_VALUES } from './authentication-context.js';
import { cookieKeys } from './cookie-keys.js';
import type { AdapterClass } from './sql-backed-adapter.js';

/** Client metadata FaceGate adds: a client the tenant's operator marks as its own needs no consent screen. */
export const FIRST_PARTY_PROPERTY = 'facegate_first_party';

export interface OidcLifetimes {
  /** Browser session at the provider (and the grant it carries), seconds. */
  sessionSeconds: number;
}

/** How long each artefact lives: a code is exchanged at once, tokens are as short as the verify token. */
export function ttlSeconds(lifetimes: OidcLifetimes) {
  return {
    AuthorizationCode: 60,
    Interaction: 600,
    IdToken: 300,
    AccessToken: 300,
    Session: lifetimes.sessionSeconds,
    Grant: lifetimes.sessionSeconds,
  } as const;
}

export interface ProviderConfigurationInput {
  tenantId: string;
  adapter: AdapterClass;
  keys: readonly SigningKey[];
  repos: Repositories;
  lifetimes: OidcLifetimes;
  /** Path (from the site root) of the hosted login for an interaction. */
  interactionPath: (uid: string) => string;
}

export function providerConfiguration(input: ProviderConfigurationInput): Configuration {
  const users = () => input.repos.forTenant(input.tenantId).users;
  const ttl = ttlSeconds(input.lifetimes);
  return {
    adapter: input.adapter,
    jwks: { keys: input.keys.map((key) => ({ ...key.privateJwk })) },
    cookies: {
      keys: cookieKeys(input.keys),
      long: { signed: true, sameSite: 'lax', httpOnly: true },
      short: { signed: true, sameSite: 'lax', httpOnly: true },
    },
    acrValues: [...ACR_VALUES],
    // acr and amr ride on `openid`, so every ID token says how the person authenticated.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], profile: ['preferred_username', 'name'] },
    // The profile scope's claims go in the ID token too: a relying party needs no userinfo call to greet someone.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    extraClientMetadata: { properties: [FIRST_PARTY_PROPERTY] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    ttl,
    interactions: { url: (_ctx, interaction) => input.interactionPath(interaction.uid) },
    findAccount: async (_ctx, sub) => {
      const user = await users().byId(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          preferred_username: user.username,
          ...(user.displayName ? { name: user.displayName } : {}),
        }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return provider.Grant.find(grantId);
      if (client[FIRST_PARTY_PROPERTY] !== true) return undefined;
      // The tenant's own application: what it asks for is granted without a consent screen.
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
  };
}
