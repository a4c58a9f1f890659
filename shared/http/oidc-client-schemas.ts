/**
 * The operator's registry of OpenID relying parties (`/v1/oidc/clients`, served by shared/oidc/oidc-door.ts), as
 * zod schemas: the request's shape (the registry checks the names and URLs) and the answers. Imports nothing but
 * zod, like response-schemas.ts.
 */
import { z } from 'zod';

const uris = z.array(z.string().meta({ format: 'uri' }));

/** `POST /v1/oidc/clients` */
export const registerOidcClientBody = z
  .object({
    name: z.string().meta({ description: '1-200 characters (else `invalid_client_name`).' }),
    redirectUris: uris.meta({ description: '1-10 URLs (else `invalid_client_metadata`).' }),
    postLogoutRedirectUris: uris.optional().meta({ description: '0-10 URLs.' }),
    firstParty: z
      .boolean()
      .optional()
      .meta({ description: "The tenant's own application: no consent screen (default true)." }),
    confidential: z
      .boolean()
      .optional()
      .meta({ description: 'A server that can keep a secret (default); false for browser or native apps (PKCE).' }),
  })
  .meta({ id: 'RegisterOidcClientRequest' });

export const oidcClient = z
  .object({
    clientId: z.string(),
    name: z.string(),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    firstParty: z.boolean(),
    tokenEndpointAuthMethod: z.string().meta({ description: '`client_secret_basic`, or `none` for a public client.' }),
  })
  .meta({ id: 'OidcClient', description: "A relying party of the tenant's OpenID Provider." });

export const oidcClientList = z.object({ clients: z.array(oidcClient) }).meta({ id: 'OidcClientList' });

export const registeredOidcClient = oidcClient
  .extend({
    clientSecret: z
      .string()
      .optional()
      .meta({ description: "A confidential client's secret: shown in this answer only, never again." }),
  })
  .meta({ id: 'RegisteredOidcClient' });
