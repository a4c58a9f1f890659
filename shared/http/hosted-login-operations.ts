/**
 * The hosted OIDC login's JSON endpoints (shared/oidc/interaction-routes.ts), registered with the schemas they
 * answer through (hosted-login-schemas.ts). The login page calls them with the interaction cookie the provider set
 * on its redirect to `/t/{tenantId}/interaction/{uid}`; no API key. The face check is `POST /v1/verify`'s, acting for
 * the relying party as a client key would: the same body, factors, rate limits and account-blind denials.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { interactionDetails, interactionRedirect, interactionVerifyResult } from './hosted-login-schemas.js';
import { verifyRequestBody } from './login-operations.js';
import { errors, imageErrors, ok, rateLimited } from './operation-responses.js';
import { challenge } from './response-schemas.js';

/** The cookie oidc-provider sets for an interaction (signed: `_interaction.sig` rides along). */
export const INTERACTION_COOKIE_SCHEME = 'interactionCookie';

const params = z.object({
  tenantId: z.string(),
  uid: z.string().meta({ description: "The interaction, from the login page's `uid` query parameter." }),
});
const base = '/t/{tenantId}/interaction/{uid}';
const common = {
  tags: ['hosted-login'],
  security: [{ [INTERACTION_COOKIE_SCHEME]: [] }],
  request: { params },
};
/** Every interaction endpoint: no such tenant, or no live interaction of this browser with this uid. */
const interactionErrors = {
  '404': errors.notFound,
  '500': errors.internal,
  '503': errors.unavailable,
};
const noStore = { 'Cache-Control': { description: '`no-store`.', schema: { type: 'string' as const } } };

export function registerHostedLoginOperations(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', INTERACTION_COOKIE_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: '_interaction',
    description:
      "The hosted login's only credential: the signed interaction cookie the tenant's OpenID Provider sets when it " +
      'sends the browser to `/t/{tenantId}/interaction/{uid}`. Without it (or for another uid) every endpoint is 404.',
  });
  registry.registerPath({
    method: 'get',
    path: `${base}/details`,
    operationId: 'hostedLoginDetails',
    summary: "What the hosted login page shows: the prompt, the relying party and the tenant's login factors",
    ...common,
    responses: {
      '200': { ...ok('The interaction.', interactionDetails), headers: noStore },
      ...interactionErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/challenge`,
    operationId: 'hostedLoginChallenge',
    summary: "A challenge for the next face check, as `POST /v1/challenges` makes it (the tenant's factors)",
    ...common,
    responses: {
      '201': { ...ok('The challenge; use it once before `expiresAt`.', challenge), headers: noStore },
      ...rateLimited,
      ...interactionErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/verify`,
    operationId: 'hostedLoginVerify',
    summary: 'Check the face for a `login` prompt; only a granted check finishes the login',
    description:
      "Takes `POST /v1/verify`'s body. A denial carries only a client key's account-blind reason; 400 `not_login` " +
      'when the interaction asks for something else (consent).',
    ...common,
    request: { ...common.request, body: verifyRequestBody },
    responses: {
      '200': { ...ok('The decision; when granted, where to go next.', interactionVerifyResult), headers: noStore },
      ...imageErrors,
      ...rateLimited,
      ...interactionErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/consent`,
    operationId: 'hostedLoginConsent',
    summary: 'Allow a third-party relying party (a `consent` prompt) to know who logged in',
    description: '400 `not_consent` when the interaction asks for something else, `not_logged_in` before a login.',
    ...common,
    responses: {
      '200': { ...ok('Consented; where to go next.', interactionRedirect), headers: noStore },
      '400': errors.badRequest,
      ...interactionErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: `${base}/abort`,
    operationId: 'hostedLoginAbort',
    summary: 'Cancel the login: the relying party gets `access_denied`',
    ...common,
    responses: {
      '200': { ...ok('Cancelled; where to go next.', interactionRedirect), headers: noStore },
      ...interactionErrors,
    },
  });
}
