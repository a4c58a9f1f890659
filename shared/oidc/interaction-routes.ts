/**
 * The hosted login of a tenant's OpenID Provider: the JSON endpoints the login page (web/oidc/) calls for one
 * interaction. The face is checked by the same verify use case as `POST /v1/verify` (the tenant's possession and
 * head-turn settings, lockout, alerts, attempt records), acting for the relying party as a client key would;
 * only a granted verification finishes the login, so a face that does not match never yields a code. Each answer
 * goes through its schema (http/hosted-login-schemas.ts), from which the OpenAPI document describes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import type { Provider } from 'oidc-provider';
import { badRequest, notFound } from '../app/app-error.js';
import type { FaceGateApp, Principal } from '../app/facegate-app.js';
import { clientVerify, isClientDenial } from '../http/client-decision.js';
import { interactionDetails, interactionRedirect, interactionVerifyResult } from '../http/hosted-login-schemas.js';
import type { HttpRequest, HttpResponse } from '../http/http-message.js';
import { readImageRequest } from '../http/image-request.js';
import { challenge } from '../http/response-schemas.js';
import { schemaResponse } from '../http/schema-response.js';
import { requestOrigin } from '../http/request-origin.js';
import { authenticationContext } from './authentication-context.js';

export interface InteractionRouteOptions {
  app: FaceGateApp;
  maxImageBytes: number;
  /** Where the built login page is (the web client's `oidc/` page). */
  loginPagePath: string;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Serves `/t/{tenant}/interaction/{uid}{action}`; `request` carries the body already read. */
export async function interactionRoute(
  provider: Provider,
  tenantId: string,
  uid: string,
  action: string,
  raw: { req: IncomingMessage; res: ServerResponse },
  request: HttpRequest,
  options: InteractionRouteOptions,
): Promise<HttpResponse | 'written'> {
  if (action === '' && request.method === 'GET') {
    // The page is static; it finds its interaction from the query.
    const query = new URLSearchParams({ tenant: tenantId, uid }).toString();
    return { status: 303, headers: { Location: `${options.loginPagePath}?${query}`, 'Cache-Control': 'no-store' } };
  }
  const interaction = await currentInteraction(provider, raw, uid);
  const clientId = text(interaction.params['client_id']);
  const principal: Principal = { tenantId, role: 'client', apiKeyId: `oidc:${clientId}` };
  const noStore = { 'Cache-Control': 'no-store' };

  if (action === '/details' && request.method === 'GET') {
    const client = await provider.Client.find(clientId);
    const settings = await options.app.getSettings({ ...principal, role: 'operator' });
    return schemaResponse(
      200,
      interactionDetails,
      {
        prompt: interaction.prompt.name,
        clientName: client?.clientName ?? clientId,
        loginHint: typeof interaction.params['login_hint'] === 'string' ? interaction.params['login_hint'] : undefined,
        requirePossession: settings.requirePossession,
        activeChallenge: settings.activeChallenge,
      },
      noStore,
    );
  }
  if (request.method !== 'POST') throw notFound('interaction endpoint');
  const client = { ip: request.ip, userAgent: request.headers['user-agent'], origin: requestOrigin(request) };

  switch (action) {
    case '/challenge': {
      // The API's challenge contract: the tenant's possession, head-turn, burst and light settings hold here too.
      return schemaResponse(201, challenge, await options.app.createChallenge(principal, client), noStore);
    }
    case '/verify': {
      if (interaction.prompt.name !== 'login')
        throw badRequest('not_login', 'this interaction does not ask for a login');
      const input = await readImageRequest(request, { maxImageBytes: options.maxImageBytes, withUsername: true });
      const result = await clientVerify(() => options.app.verify(principal, { ...input, client }));
      if (isClientDenial(result) || result.decision !== 'granted' || !result.userId || !result.token) {
        return schemaResponse(200, interactionVerifyResult, { decision: 'denied', reason: result.reason }, noStore);
      }
      const { acr, amr } = authenticationContext(decodeJwt(result.token)['amr']);
      const redirectTo = await provider.interactionResult(raw.req, raw.res, {
        login: { accountId: result.userId, acr, amr, remember: true },
      });
      return schemaResponse(200, interactionVerifyResult, { decision: 'granted', redirectTo }, noStore);
    }
    case '/consent': {
      if (interaction.prompt.name !== 'consent')
        throw badRequest('not_consent', 'this interaction does not ask for consent');
      const redirectTo = await provider.interactionResult(raw.req, raw.res, {
        consent: { grantId: await grantFor(provider, interaction) },
      });
      return schemaResponse(200, interactionRedirect, { redirectTo }, noStore);
    }
    case '/abort': {
      const redirectTo = await provider.interactionResult(
        raw.req,
        raw.res,
        { error: 'access_denied', error_description: 'the person cancelled the login' },
        { mergeWithLastSubmission: false },
      );
      return schemaResponse(200, interactionRedirect, { redirectTo }, noStore);
    }
    default:
      throw notFound('interaction endpoint');
  }
}

/** The interaction the browser's cookie names, which must be the one in the path. */
async function currentInteraction(
  provider: Provider,
  raw: { req: IncomingMessage; res: ServerResponse },
  uid: string,
): Promise<Interaction> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(raw.req, raw.res);
  } catch {
    throw notFound('login session (it expired or was finished; start the sign-in again)');
  }
  if (interaction.uid !== uid) throw notFound('login session');
  return interaction;
}

/** The grant a consent gives: what the prompt found missing, added to the session's grant for the client. */
async function grantFor(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = text(interaction.params['client_id']);
  if (!accountId) throw badRequest('not_logged_in', 'log in first');
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  return grant.save();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
