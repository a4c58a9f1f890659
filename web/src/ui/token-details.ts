/** The granted token shown to the person: its claims as a table, and whether its signature checks out. */
import type { FaceGateApi } from '../api/facegate-api.js';
import { claimRows, decodeJwt, MalformedTokenError } from '../token/jwt-claims.js';
import { checkSignature } from '../token/token-signature.js';
import { h } from './dom.js';

export function tokenDetails(token: string, api: FaceGateApi): HTMLElement {
  let decoded;
  try {
    decoded = decodeJwt(token);
  } catch (error) {
    const why = error instanceof MalformedTokenError ? error.message : 'unreadable';
    return h('p', { class: 'token-error' }, `The token could not be read (${why}).`);
  }
  const signature = h('p', { class: 'token-signature', 'aria-live': 'polite' }, 'Checking the signature…');
  void api
    .jwks()
    .then((jwks) => checkSignature(decoded, jwks))
    .then(
      (check) => {
        signature.textContent = check.valid
          ? `Signature valid: signed by the service's published key ${check.kid} (/.well-known/jwks.json).`
          : `Signature NOT valid: ${check.why}.`;
        signature.dataset.valid = String(check.valid);
      },
      () => {
        signature.textContent = 'The signature could not be checked (the key set did not load).';
      },
    );
  return h(
    'details',
    { class: 'token', open: true },
    h('summary', {}, 'Access token claims'),
    h(
      'table',
      { class: 'claims' },
      h('caption', { class: 'visually-hidden' }, 'Token claims'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Value'))),
      h(
        'tbody',
        {},
        ...claimRows(decoded.claims).map((row) =>
          h('tr', { 'data-claim': row.name }, h('th', { scope: 'row' }, row.name), h('td', {}, row.value)),
        ),
      ),
    ),
    signature,
  );
}
