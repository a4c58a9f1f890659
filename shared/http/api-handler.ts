/**
 * The whole HTTP API as one framework-agnostic handler: routing, CORS, the body-size limit, the error envelope and
 * one access-log line per request. The Functions Framework entry point and the local dev server both wrap it.
 */
import { AppError } from '../app/app-error.js';
import type { FaceGateApp } from '../app/facegate-app.js';
import { apiRouter } from './api-routes.js';
import type { CorsOptions } from './cors.js';
import { corsHeaders, preflightResponse } from './cors.js';
import { errorResponse, isExpectedError, responseForError } from './error-envelope.js';
import type { HttpRequest, HttpResponse } from './http-message.js';
import { openApiDocument } from './openapi.js';
import { requestOrigin } from './request-origin.js';
import type { AccessLogOptions } from './request-log.js';
import { accessLogEntry, requestTraceFields } from './request-log.js';
import type { LogSink } from './structured-log.js';
import { failureMessage, jsonLineLog } from './structured-log.js';
import { logEntry, loggerOn } from '../app/logger.js';

export interface ApiHandlerOptions {
  /** Largest accepted capture in bytes (FACEGATE_UPLOAD_MAX_BYTES); the body limit is derived from it. */
  maxImageBytes: number;
  /** Public base URL, listed as the server in the OpenAPI document. */
  publicBaseUrl?: string;
  /** Allowed browser origins; default `*`. */
  cors?: CorsOptions;
  /** Where access and error lines go; default JSON lines on stdout at INFO and above. */
  log?: LogSink;
  /** For the full Cloud Logging trace name; see request-log.ts. */
  traceProjectId?: string;
}

/** The API handler; `maxBodyBytes` lets a server refuse an oversized body before buffering it. */
export interface ApiHandler {
  (request: HttpRequest): Promise<HttpResponse>;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** True when `path` belongs to the API (a server uses it to tell API requests from static files). */
  handles(path: string): boolean;
  /**
   * For a server that has not read the body yet (`request.body` empty): the 401 for a request with a body to an
   * API route whose key is missing or unknown, so nobody without a key makes the server buffer a body; undefined to
   * go on and read it. Logged like any answer.
   */
  refuseBeforeBody(request: HttpRequest): Promise<HttpResponse | undefined>;
}

/** Methods whose requests carry a body worth refusing before it is read. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Room for the JSON or multipart wrapping around an image: field names, boundaries, a username. */
const ENVELOPE_ALLOWANCE_BYTES = 64 * 1024;

/** The largest body an API request may have: a base64-encoded image of `maxImageBytes` plus its wrapping. */
export function maxBodyBytesFor(maxImageBytes: number): number {
  return Math.ceil(maxImageBytes / 3) * 4 + ENVELOPE_ALLOWANCE_BYTES;
}

/** Builds the API handler over `app`. */
export function createApiHandler(app: FaceGateApp, options: ApiHandlerOptions): ApiHandler {
  const log = loggerOn(options.log ?? jsonLineLog());
  const maxBodyBytes = maxBodyBytesFor(options.maxImageBytes);
  const router = apiRouter(app, {
    maxImageBytes: options.maxImageBytes,
    // Generated from the schemas on the first request for it (about 0.1 s), not on every cold start.
    openApiDocument: () => openApiDocument({ serverUrl: options.publicBaseUrl }),
  });
  const logOptions: AccessLogOptions = { traceProjectId: options.traceProjectId };
  // Preflight answers announce what the routes serve, so a new method (PUT /v1/webhook) cannot be left out.
  const cors: CorsOptions = { methods: [...router.methods(), 'OPTIONS'], ...options.cors };

  const dispatch = async (request: HttpRequest): Promise<HttpResponse> => {
    if (request.method === 'OPTIONS') return preflightResponse(request, cors);
    if (request.body.length > maxBodyBytes) {
      throw new AppError(413, 'payload_too_large', `the request body exceeds ${maxBodyBytes} bytes`);
    }
    const match = router.match(request.method, request.path);
    if (match.kind === 'not_found') return errorResponse(404, 'not_found', `no route for ${request.path}`);
    if (match.kind === 'method_not_allowed') {
      const allow = [...match.allow, 'OPTIONS'].join(', ');
      return errorResponse(405, 'method_not_allowed', `${request.method} is not allowed here; use ${allow}`, {
        headers: { Allow: allow },
      });
    }
    return match.route.handler(request, match.params);
  };

  const handler = async (request: HttpRequest): Promise<HttpResponse> => {
    const started = performance.now();
    let response: HttpResponse;
    try {
      response = await dispatch(request);
    } catch (error) {
      if (!isExpectedError(error)) {
        log.error(failureMessage(`${request.method} ${request.path} failed`, error), {
          ...requestTraceFields(request.headers, options.traceProjectId),
        });
      }
      response = responseForError(error);
    }
    response.headers = {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...corsHeaders(request, cors),
      ...response.headers,
    };
    logEntry(log, accessLogEntry(request, response, performance.now() - started, logOptions));
    return response;
  };

  const refuseBeforeBody = async (request: HttpRequest): Promise<HttpResponse | undefined> => {
    if (!BODY_METHODS.has(request.method) || !request.path.startsWith('/v1/')) return undefined;
    if (router.match(request.method, request.path).kind !== 'found') return undefined;
    try {
      // Every /v1 route authenticates first; a valid key still has its request read and routed as usual.
      await app.authenticate(request.headers.authorization, requestOrigin(request));
      return undefined;
    } catch (error) {
      if (!isExpectedError(error)) throw error;
      const response = responseForError(error);
      response.headers = { 'Cache-Control': 'no-store', ...corsHeaders(request, options.cors), ...response.headers };
      logEntry(log, accessLogEntry(request, response, 0, logOptions));
      return response;
    }
  };

  return Object.assign(handler, {
    maxBodyBytes,
    handles: (path: string) => path.startsWith('/v1/') || router.match('GET', path).kind !== 'not_found',
    refuseBeforeBody,
  });
}
