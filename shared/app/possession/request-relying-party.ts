/**
 * The passkey relying party of a request: the page's origin (the `Origin` header, in ClientInfo) when the caller
 * may hold passkeys there — a publishable key's own origins, or, for secret keys and the hosted OIDC pages, the
 * service's public origin.
 */
import { badRequest } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo, Principal } from '../facegate-app.js';
import { passkeyRelyingParty, type PasskeyRelyingParty } from './passkey-ceremony.js';

export function passkeyOriginsFor(deps: Pick<AppDeps, 'passkeyOrigins'>, principal: Principal): readonly string[] {
  return principal.allowedOrigins ?? deps.passkeyOrigins ?? [];
}

/** @throws AppError 400 `passkey_origin_not_allowed` when the request's origin may not hold passkeys. */
export function requestRelyingParty(
  deps: Pick<AppDeps, 'passkeyOrigins'>,
  principal: Principal,
  client: ClientInfo | undefined,
): PasskeyRelyingParty {
  const rp = passkeyRelyingParty(client?.origin, passkeyOriginsFor(deps, principal));
  if (!rp) {
    throw badRequest(
      'passkey_origin_not_allowed',
      `Passkeys are registered from this key's web origins only, and the request came from ${client?.origin ?? 'no origin'}`,
    );
  }
  return rp;
}
