/**
 * Random and hostile HTTP requests as fast-check arbitraries, built from the router's own route list so every
 * route is exercised and a new route is fuzzed without editing this file: methods right and wrong, path
 * parameters real and absurd, query strings, API keys valid and forged, content types that match the body or
 * lie about it, and bodies from empty to malformed multipart with mutated images inside.
 */
import fc from 'fast-check';
import { parseRequestTarget, type HttpRequest } from '../../../shared/http/http-message.js';
import type { FuzzImage } from './mutations.js';

/** A request as generated (the body kept as bytes so a failure can be saved and replayed). */
export interface FuzzRequest {
  method: string;
  /** Path and query, percent-encoded as sent. */
  target: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** What the body was made of, for the failure report. */
  origin: string;
}

export interface RequestContext {
  /** `{method, pattern}` of every route (Router.list()). */
  routes: readonly { method: string; pattern: string }[];
  /** API keys that authenticate (client and operator), used in most requests. */
  keys: readonly string[];
  /** Ids that exist (users, enrollments…), so routes reach past "not found" too. */
  knownIds: readonly string[];
  /** Usernames that exist. */
  usernames: readonly string[];
  images: fc.Arbitrary<FuzzImage>;
}

const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';
const encoder = new TextEncoder();

const junkText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '.',
    '%',
    '%zz',
    '%00',
    '\u0000',
    'a'.repeat(300),
    '../../etc/passwd',
    '<script>',
    "' or 1=1 --",
  ),
);

function paramArb(ctx: RequestContext): fc.Arbitrary<string> {
  const known = ctx.knownIds.length ? fc.constantFrom(...ctx.knownIds) : fc.constant('usr_missing');
  return fc.oneof(
    { weight: 3, arbitrary: known.map(encodeURIComponent) },
    { weight: 2, arbitrary: junkText.map(encodeURIComponent) },
    // Raw, possibly invalid percent-encoding the router must refuse cleanly.
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%2F..%2F', 'a%00b', '%C0%AF') },
  );
}

function pathArb(ctx: RequestContext, route: { pattern: string }): fc.Arbitrary<string> {
  const fromRoute = fc.record({ params: fc.array(paramArb(ctx), { minLength: 4, maxLength: 4 }) }).map(({ params }) => {
    let i = 0;
    return route.pattern.replace(/\{[^}]+\}/g, () => params[i++] ?? 'x');
  });
  const variants = fc
    .record({ path: fromRoute, suffix: fc.constantFrom('/', '//', '/extra', '.json', '?', '%2F', '/..') })
    .map(({ path, suffix }) => path + suffix);
  const random = fc
    .array(junkText.map(encodeURIComponent), { maxLength: 5 })
    .map((segments) => '/' + segments.join('/'));
  return fc.oneof(
    { weight: 8, arbitrary: fromRoute },
    { weight: 1, arbitrary: variants },
    { weight: 1, arbitrary: random },
  );
}

const QUERY_NAMES = ['limit', 'cursor', 'search', 'kind', 'outcome', 'userId', 'since', 'until', 'x'];

const queryArb: fc.Arbitrary<string> = fc
  .array(
    fc.record({
      name: fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 8 })),
      value: fc.oneof(
        fc.constantFrom(
          '0',
          '1',
          '-1',
          '1000',
          '1001',
          '1e309',
          'NaN',
          'verify',
          'granted',
          '2025-01-01T00:00:00Z',
          'not-a-date',
        ),
        junkText,
      ),
    }),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length
      ? '?' + pairs.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`).join('&')
      : '',
  );

function authorizationArb(ctx: RequestContext): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ctx.keys).map((key) => `Bearer ${key}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        junkText.map((t) => `Bearer ${t}`),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic YWxpY2U6cHc=', 'bearer x', 'Bearer fg_live_' + 'A'.repeat(43)),
        fc.constantFrom(...ctx.keys).map((key) => `Bearer ${key.slice(0, -1)}`),
      ),
    },
  );
}

function multipart(
  parts: { name: string; value: Uint8Array; filename?: string; type?: string }[],
  close = true,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(
      encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
      part.value,
      encoder.encode('\r\n'),
    );
  }
  if (close) chunks.push(encoder.encode(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

interface Body {
  bytes: Uint8Array;
  contentType: string | undefined;
  origin: string;
}

function bodyArb(ctx: RequestContext): fc.Arbitrary<Body> {
  const json = (value: unknown, origin: string): Body => ({
    bytes: encoder.encode(JSON.stringify(value)),
    contentType: 'application/json',
    origin,
  });
  const username = fc.oneof(ctx.usernames.length ? fc.constantFrom(...ctx.usernames) : fc.constant('alice'), junkText);
  const enrollment = fc
    .record(
      {
        username: fc.oneof(username, fc.jsonValue()),
        displayName: fc.oneof(junkText, fc.constant(null)),
        email: fc.oneof(fc.emailAddress(), junkText),
        password: junkText,
        contentType: fc.oneof(fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'image/gif'), junkText),
      },
      { requiredKeys: [] },
    )
    .map((value) => json(value, 'enrollment-shaped JSON'));
  const imageJson = fc
    .record(
      {
        username,
        image: fc.oneof(
          ctx.images.map((i) => Buffer.from(i.bytes).toString('base64')),
          junkText,
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => json(value, 'verify-shaped JSON'));
  const imageForm = fc
    .record({
      username,
      image: ctx.images,
      type: fc.constantFrom('image/jpeg', 'image/png', 'application/octet-stream', 'text/plain'),
      withUsername: fc.boolean(),
      close: fc.boolean(),
    })
    .map(({ username: name, image, type, withUsername, close }) => ({
      bytes: multipart(
        [
          ...(withUsername ? [{ name: 'username', value: encoder.encode(name) }] : []),
          { name: 'image', value: image.bytes, filename: 'capture.jpg', type },
        ],
        close,
      ),
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      origin: `multipart with ${image.origin}${close ? '' : ' (unterminated)'}`,
    }));
  const anyJson = fc.jsonValue().map((value) => json(value, 'random JSON'));
  const rawBytes = fc
    .record({
      bytes: fc.uint8Array({ maxLength: 2048 }),
      contentType: fc.constantFrom(
        'application/json',
        'multipart/form-data',
        `multipart/form-data; boundary=${BOUNDARY}`,
        'text/plain',
        'image/jpeg',
        'application/x-www-form-urlencoded',
        undefined,
      ),
    })
    .map(({ bytes, contentType }) => ({ bytes, contentType, origin: 'random bytes' }));
  const empty = fc.constant<Body>({ bytes: new Uint8Array(0), contentType: undefined, origin: 'empty' });
  return fc.oneof(
    { weight: 2, arbitrary: enrollment },
    { weight: 3, arbitrary: imageJson },
    { weight: 3, arbitrary: imageForm },
    { weight: 2, arbitrary: anyJson },
    { weight: 2, arbitrary: rawBytes },
    { weight: 1, arbitrary: empty },
  );
}

/** Any request against the API: every route, methods right and wrong, any body. */
export function apiRequestArb(ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .constantFrom(...ctx.routes)
    .chain((route) =>
      fc.record({
        route: fc.constant(route),
        method: fc.oneof(
          { weight: 6, arbitrary: fc.constant<string | null>(null) },
          { weight: 2, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
          { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
        ),
        path: pathArb(ctx, route),
        query: queryArb,
        authorization: authorizationArb(ctx),
        body: bodyArb(ctx),
        lieAboutType: fc.option(
          fc.constantFrom('application/json', 'multipart/form-data', 'text/plain', 'application/json; charset=latin1'),
        ),
        origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost:5173')),
      }),
    )
    .map((r) => {
      const headers: Record<string, string> = {};
      if (r.authorization !== undefined) headers['authorization'] = r.authorization;
      const contentType = r.lieAboutType ?? r.body.contentType;
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (r.origin !== null) headers['origin'] = r.origin;
      return {
        // Mostly the route's own method on its own kind of path, so handlers (not only the router) are reached.
        method: r.method ?? r.route.method,
        target: r.path + r.query,
        headers,
        body: r.body.bytes,
        origin: r.body.origin,
      };
    });
}

/** Verify and identify with a mutated capture and a valid key: the requests that reach the face engine. */
export function imageRequestArb(ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const username = ctx.usernames.length ? fc.constantFrom(...ctx.usernames) : fc.constant('alice');
  return fc
    .record({
      route: fc.constantFrom('/v1/verify', '/v1/identify'),
      key: fc.constantFrom(...ctx.keys),
      username,
      image: ctx.images,
      asJson: fc.boolean(),
    })
    .map(({ route, key, username: name, image, asJson }) => {
      const body = asJson
        ? encoder.encode(JSON.stringify({ username: name, image: Buffer.from(image.bytes).toString('base64') }))
        : multipart([
            { name: 'username', value: encoder.encode(name) },
            { name: 'image', value: image.bytes, filename: 'capture.jpg', type: 'image/jpeg' },
          ]);
      return {
        method: 'POST',
        target: route,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': asJson ? 'application/json' : `multipart/form-data; boundary=${BOUNDARY}`,
        },
        body,
        origin: `${route} ${asJson ? 'JSON' : 'multipart'} with ${image.origin}`,
      };
    });
}

/** The HttpRequest the API handler sees for `request`, as the node:http adapter would build it. */
export function toHttpRequest(request: FuzzRequest): HttpRequest {
  // Parsed exactly as the node:http and Functions Framework adapters parse a request target.
  const url = parseRequestTarget(request.target);
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body: Buffer.from(request.body),
    ip: '198.51.100.23',
  };
}
