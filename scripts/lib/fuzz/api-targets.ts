/**
 * Fuzz targets over the HTTP API handler (shared/http): no request may get a 5xx, a non-JSON error, an error
 * envelope that leaks internals, or make the handler log an unexpected error.
 *
 * - `api`: the handler over the real application with the scripted face engine (SQLite in a temporary dir): fast,
 *   so most inputs go here (routing, parsing, validation, errors on every route).
 * - `api-real` (real-stack-targets.ts): the same handler over a real composition.
 */
import { createApiHandler, type ApiHandler } from '../../../shared/http/api-handler.js';
import { apiRouter } from '../../../shared/http/api-routes.js';
import type { HttpResponse } from '../../../shared/http/http-message.js';
import type { LogEntry } from '../../../shared/http/structured-log.js';
import type { FaceGateApp } from '../../../shared/app/facegate-app.js';
import { openScriptedStack } from '../../../tests/support/scripted-stack.js';
import { imageInputArb } from './mutations.js';
import { apiRequestArb, toHttpRequest, type FuzzRequest, type RequestContext } from './http-requests.js';
import { FuzzFailure, type FuzzTarget } from './run-fuzz.js';
import type { SeedImage } from './seed-images.js';

/** Every route of the real router, read from the router itself so new routes are fuzzed too. */
export function routeList(app: FaceGateApp): { method: string; pattern: string }[] {
  return apiRouter(app, { maxImageBytes: 1, openApiDocument: {} })
    .list()
    .map(({ method, pattern }) => ({ method, pattern }));
}

/** Sends one request and checks the promises every answer keeps; returns `status code` as the outcome. */
export async function checkedCall(
  handler: ApiHandler,
  request: FuzzRequest,
  errors: LogEntry[],
  inspect?: (body: string) => void,
): Promise<string> {
  errors.length = 0;
  const response = await handler(toHttpRequest(request));
  inspect?.(text(response));
  if (response.status >= 500) {
    const cause = errors[0] ? ` (logged: ${JSON.stringify(errors[0]).slice(0, 1500)})` : '';
    throw new FuzzFailure(`${request.method} ${request.target} answered ${response.status}: ${text(response)}${cause}`);
  }
  if (errors.length) throw new FuzzFailure(`handler logged an unexpected error: ${errors[0]?.message ?? ''}`);
  if (response.status >= 400) {
    let code: unknown;
    try {
      code = (JSON.parse(text(response)) as { error?: { code?: unknown } }).error?.code;
    } catch {
      throw new FuzzFailure(`${response.status} without a JSON error envelope: ${text(response).slice(0, 200)}`);
    }
    if (typeof code !== 'string') throw new FuzzFailure(`${response.status} envelope without an error code`);
    if (/\bat \S+ \(|\.ts:\d+|node_modules/.test(text(response)))
      throw new FuzzFailure('error body leaks a stack trace');
    return `${response.status} ${code}`;
  }
  return String(response.status);
}

function text(response: HttpResponse): string {
  const body = response.body;
  return body === undefined ? '' : typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

export function describeRequest(request: FuzzRequest) {
  return {
    bytes: request.body,
    details: { method: request.method, target: request.target, headers: request.headers, origin: request.origin },
  };
}

/** The handler over the real application with the scripted engine; `close` removes its data dir. */
export async function scriptedApiTarget(
  seeds: readonly SeedImage[],
  weight = 4,
): Promise<{ target: FuzzTarget<FuzzRequest>; close(): Promise<void> }> {
  const stack = await openScriptedStack();
  const { app } = stack;
  const alice = await stack.enroll(stack.a, 'alice');
  const errors: LogEntry[] = [];
  const handler = createApiHandler(app, {
    maxImageBytes: 256 * 1024,
    log: (entry) => {
      if (entry.severity === 'ERROR') errors.push(entry);
    },
  });
  const context: RequestContext = {
    routes: routeList(app),
    keys: [stack.a.clientKey, stack.a.operatorKey],
    knownIds: [alice.userId, alice.enrollmentId],
    usernames: ['alice'],
    images: imageInputArb(seeds),
  };
  const target: FuzzTarget<FuzzRequest> = {
    name: 'api',
    weight,
    arbitrary: apiRequestArb(context),
    timeoutMs: 5000,
    run: (request) => checkedCall(handler, request, errors),
    describe: describeRequest,
  };
  return { target, close: () => stack.close() };
}
