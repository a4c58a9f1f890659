/**
 * The browser origin a request came from, for the publishable-key check. Browsers send `Origin` on every cross-origin
 * request and every POST, but not on a same-origin GET (an enrollment status poll from the page's own server), which
 * still carries the page in `Referer` under the default referrer policy. Neither header proves anything to a
 * non-browser client that writes its own headers: the origin binding keeps other sites' pages from using a key, and
 * the per-key rate limits bound what a script can do with it.
 */
import type { HttpRequest } from './http-message.js';

export function requestOrigin(request: Pick<HttpRequest, 'headers'>): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
