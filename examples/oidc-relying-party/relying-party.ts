/**
 * A relying party that signs people in with FaceGate over OpenID Connect, with `openid-client`: `/` sends the
 * browser to the tenant's provider (authorization code + PKCE), `/callback` exchanges the code and verifies the ID
 * token (signature from the provider's JWKS, issuer, audience, nonce, expiry), then shows who signed in and how.
 */
import { createServer, type Server } from 'node:http';
import * as oidc from 'openid-client';

export interface RelyingPartyOptions {
  /** The tenant's issuer: `<FaceGate URL>/t/<tenantId>`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This app's base URL; the client was registered with `<baseUrl>/callback`. */
  baseUrl: string;
}

export async function createRelyingParty(options: RelyingPartyOptions): Promise<Server> {
  const local = new URL(options.issuer).protocol === 'http:'; // a local FaceGate (npm start) has no TLS
  const config = await oidc.discovery(new URL(options.issuer), options.clientId, options.clientSecret, undefined, {
    ...(local ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  const redirectUri = `${options.baseUrl}/callback`;
  const pending = new Map<string, { verifier: string; nonce: string }>(); // by state; a real app keeps it in its session

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', options.baseUrl);
    void (async () => {
      if (url.pathname === '/') {
        const verifier = oidc.randomPKCECodeVerifier();
        const [state, nonce] = [oidc.randomState(), oidc.randomNonce()];
        pending.set(state, { verifier, nonce });
        const to = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: 'openid profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        res.writeHead(302, { Location: to.href }).end();
      } else if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const expected = pending.get(state);
        pending.delete(state);
        if (!expected) return void res.writeHead(400).end('unknown or used state');
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: expected.verifier,
          expectedState: state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        const body = JSON.stringify({ signedIn: true, ...claims }, null, 2);
        res
          .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          .end(`<pre id="claims">${escape(body)}</pre>`);
      } else res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`sign-in failed: ${String(error)}`);
    });
  });
}

function escape(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
