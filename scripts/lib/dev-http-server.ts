/**
 * The local stack's single HTTP server: the API (the same handler the `api` function serves), the receiver of
 * signed local uploads (the stand-in for Cloud Storage's signed PUT), and the built web client at `/`.
 * Everything here is transport; the routes, checks and use cases live in shared/.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LOCAL_UPLOAD_PATH } from '../../shared/adapters/local/local-upload-signature.js';
import type { FaceGateApp } from '../../shared/app/facegate-app.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import type { CorsOptions } from '../../shared/http/cors.js';
import { corsHeaders, preflightResponse } from '../../shared/http/cors.js';
import {
  INTERNAL_ERROR_MESSAGE,
  errorResponse,
  isExpectedError,
  responseForError,
} from '../../shared/http/error-envelope.js';
import type { HttpRequest, HttpResponse } from '../../shared/http/http-message.js';
import { jsonResponse, parseRequestTarget } from '../../shared/http/http-message.js';
import { declaredLength, readNodeBody, toHttpRequest, writeHttpResponse } from '../../shared/http/node-http.js';
import { accessLogEntry } from '../../shared/http/request-log.js';
import type { LogLevelName, LogSink, Severity } from '../../shared/http/structured-log.js';
import { failureMessage, jsonLineLog } from '../../shared/http/structured-log.js';
import { lookupStaticFile, sendStaticFile } from './dev-static-files.js';
import { OidcDoor } from '../../shared/oidc/oidc-door.js';
import type { OidcClients } from '../../shared/oidc/oidc-clients.js';
import type { TenantProviders } from '../../shared/oidc/tenant-providers.js';
import { jsonLogger, logEntry, loggerOn } from '../../shared/app/logger.js';

/** Accepts a PUT to a signed local upload URL (the composition's LocalUploadReceiver). */
export interface LocalUploadReceiver {
  receive(req: {
    pathAndQuery: string;
    contentType: string | undefined;
    contentLength: number | undefined;
    body: Uint8Array;
  }): Promise<{ key: string; generation: string }>;
}

/** What the server needs of the composition. */
export interface DevServerParts {
  app: FaceGateApp;
  config: { publicUrl: string; upload: { maxBytes: number }; logLevel: LogLevelName };
  localUploads?: LocalUploadReceiver;
  /** Built web client served at `/`; requests that are not API or upload requests look here. */
  webDir?: string;
  /** Each tenant's OpenID Provider under `/t/{tenant}/` and the operator's client registry. */
  oidc?: { providers: TenantProviders; clients: OidcClients };
}

export interface DevServerOptions {
  log?: LogSink;
  cors?: CorsOptions;
  /**
   * What the web pages read from `/web-config.json`: the publishable key bound to this server's origins, so the
   * pages need no key from the person using them.
   */
  webConfig?: WebConfig;
}

/** The body of `/web-config.json`. */
export interface WebConfig {
  publishableKey: string;
  tenantId: string;
}

export const WEB_CONFIG_PATH = '/web-config.json';

const UPLOAD_CORS: CorsOptions = { methods: ['PUT', 'OPTIONS'], allowHeaders: ['Content-Type'] };

/** Builds (does not start) the server. */
export function createDevServer(parts: DevServerParts, options: DevServerOptions = {}): Server {
  const sink = options.log ?? jsonLineLog(parts.config.logLevel);
  const log = loggerOn(sink);
  const api = createApiHandler(parts.app, {
    maxImageBytes: parts.config.upload.maxBytes,
    publicBaseUrl: parts.config.publicUrl,
    cors: options.cors,
    log: sink,
  });

  const oidc = parts.oidc
    ? new OidcDoor({
        app: parts.app,
        ...parts.oidc,
        maxImageBytes: parts.config.upload.maxBytes,
        loginPagePath: '/oidc/',
        log: jsonLogger(parts.config.logLevel === 'debug' ? 'DEBUG' : 'WARNING'),
      })
    : undefined;

  /** Writes a response this module produced itself (the API handler logs and decorates its own). */
  const finish = (
    res: ServerResponse,
    request: HttpRequest,
    response: HttpResponse,
    started: number,
    extra: { cors?: CorsOptions; successSeverity?: Severity } = {},
  ) => {
    response.headers = { ...corsHeaders(request, extra.cors ?? options.cors), ...response.headers };
    logEntry(
      log,
      accessLogEntry(request, response, performance.now() - started, { successSeverity: extra.successSeverity }),
    );
    writeHttpResponse(res, response, request.method);
  };

  const fail = (res: ServerResponse, request: HttpRequest, error: unknown, started: number, cors?: CorsOptions) => {
    if (!isExpectedError(error)) log.error(failureMessage(`${request.method} ${request.path} failed`, error));
    const response = responseForError(error);
    // A refused body may still be arriving; closing the connection stops it without reading it all.
    if (response.status === 413) response.headers.Connection = 'close';
    finish(res, request, response, started, { cors });
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, started: number) => {
    // The key is checked before the body is read: without one, nobody makes this server buffer megabytes.
    const head = toHttpRequest(req, Buffer.alloc(0));
    let refused: HttpResponse | undefined;
    try {
      // An oversized declared body is refused below without authenticating (no database work at all).
      const declared = declaredLength(req) ?? 0;
      refused = declared <= api.maxBodyBytes ? await api.refuseBeforeBody(head) : undefined;
    } catch (error) {
      fail(res, head, error, started, options.cors);
      return;
    }
    if (refused) {
      // The body may still be arriving; closing the connection stops it without reading it.
      refused.headers.Connection = 'close';
      writeHttpResponse(res, refused, head.method);
      return;
    }
    let body: Buffer;
    try {
      body = await readNodeBody(req, api.maxBodyBytes);
    } catch (error) {
      fail(res, toHttpRequest(req, Buffer.alloc(0)), error, started, options.cors);
      return;
    }
    const request = toHttpRequest(req, body);
    writeHttpResponse(res, await api(request), request.method);
  };

  const serveUpload = async (req: IncomingMessage, res: ServerResponse, started: number) => {
    const head = toHttpRequest(req, Buffer.alloc(0));
    if (head.method === 'OPTIONS') return finish(res, head, preflightResponse(head, UPLOAD_CORS), started);
    if (head.method !== 'PUT') {
      const response = errorResponse(405, 'method_not_allowed', 'signed upload URLs take PUT', {
        headers: { Allow: 'PUT, OPTIONS' },
      });
      return finish(res, head, response, started, { cors: UPLOAD_CORS });
    }
    if (!parts.localUploads) {
      return finish(
        res,
        head,
        errorResponse(404, 'not_found', 'local uploads are off (blob backend is not local)'),
        started,
      );
    }
    try {
      const body = await readNodeBody(req, parts.config.upload.maxBytes, 'too_large');
      const stored = await parts.localUploads.receive({
        pathAndQuery: req.url ?? '',
        contentType: req.headers['content-type'],
        contentLength: declaredLength(req),
        body,
      });
      finish(res, { ...head, body }, jsonResponse(200, stored), started, { cors: UPLOAD_CORS });
    } catch (error) {
      fail(res, head, error, started, UPLOAD_CORS);
    }
  };

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, started: number, webDir: string) => {
    const request = toHttpRequest(req, Buffer.alloc(0));
    const found = await lookupStaticFile(webDir, request.path);
    if (found.kind === 'bad_path')
      return finish(res, request, errorResponse(400, 'bad_path', 'malformed path'), started);
    if (found.kind === 'redirect') {
      const query = request.query.toString();
      const location = query ? `${found.location}?${query}` : found.location;
      return finish(res, request, { status: 301, headers: { Location: location } }, started, {
        successSeverity: 'DEBUG',
      });
    }
    if (found.kind === 'not_found') {
      const message = request.path === '/' ? 'the web client is not built (no index.html)' : 'no such file';
      return finish(res, request, errorResponse(404, 'not_found', message), started);
    }
    await sendStaticFile(webDir, req, res, found);
    const sent = res.statusCode === 200 && request.method !== 'HEAD';
    logEntry(
      log,
      accessLogEntry(request, { status: res.statusCode }, performance.now() - started, {
        successSeverity: 'DEBUG',
        responseSize: sent ? found.size : 0,
      }),
    );
  };

  return createServer((req, res) => {
    const started = performance.now();
    const path = parseRequestTarget(req.url).pathname;
    const method = req.method ?? 'GET';
    let work: Promise<void>;
    if (path.startsWith(LOCAL_UPLOAD_PATH)) work = serveUpload(req, res, started);
    else if (path === WEB_CONFIG_PATH && options.webConfig && (method === 'GET' || method === 'HEAD')) {
      const request = toHttpRequest(req, Buffer.alloc(0));
      work = Promise.resolve(
        finish(res, request, jsonResponse(200, options.webConfig, { 'Cache-Control': 'no-store' }), started, {
          successSeverity: 'DEBUG',
        }),
      );
    } else if (oidc?.handles(path)) work = oidc.serve(req, res);
    else if (parts.webDir && (method === 'GET' || method === 'HEAD') && !api.handles(path)) {
      work = serveStatic(req, res, started, parts.webDir);
    } else work = serveApi(req, res, started);
    work.catch((error: unknown) => {
      // Last resort (e.g. a file vanished mid-stream): log it, and answer if nothing was sent yet.
      log.error(failureMessage(`${method} ${path} failed`, error));
      if (!res.headersSent) writeHttpResponse(res, errorResponse(500, 'internal', INTERNAL_ERROR_MESSAGE));
      else res.destroy();
    });
  });
}
