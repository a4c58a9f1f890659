/**
 * The OpenID Connect side of the HTTP surface, for the dev server and the `api` function alike (both hand it
 * node:http requests): every tenant's provider under `/t/{tenant}/` (discovery, JWKS, authorize, token, userinfo,
 * end session), the hosted login's endpoints under `/t/{tenant}/interaction/{uid}`, and the operator's client
 * registration at `/v1/oidc/clients`. Transport only: the provider, the login and the registry live beside it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbidden, notFound } from '../app/app-error.js';
import type { FaceGateApp } from '../app/facegate-app.js';
import { errorResponse, isExpectedError, responseForError } from '../http/error-envelope.js';
import type { HttpRequest, HttpResponse } from '../http/http-message.js';
import { emptyResponse, parseRequestTarget } from '../http/http-message.js';
import { readNodeBody, toHttpRequest, writeHttpResponse } from '../http/node-http.js';
import { oidcClientList, registerOidcClientBody, registeredOidcClient } from '../http/oidc-client-schemas.js';
import { parseJsonObject, requireMediaType } from '../http/request-body.js';
import { validate } from '../http/request-schemas.js';
import { schemaResponse } from '../http/schema-response.js';
import type { Logger } from '../app/logger.js';
import { interactionRoute } from './interaction-routes.js';
import type { OidcClients } from './oidc-clients.js';
import type { TenantProviders } from './tenant-providers.js';

export interface OidcDoorOptions {
  app: FaceGateApp;
  providers: TenantProviders;
  clients: OidcClients;
  maxImageBytes: number;
  /** The built hosted-login page (web/oidc/). */
  loginPagePath: string;
  log: Logger;
  /** The caller's address as the API sees it (proxy hops already accounted for). */
  clientIp?: (req: IncomingMessage) => string | undefined;
}

const TENANT_PATH = /^\/t\/([^/]+)(\/.*)?$/;
const INTERACTION_PATH = /^\/interaction\/([^/]+)(\/[a-z]+)?$/;
const CLIENTS_PATH = /^\/v1\/oidc\/clients(?:\/([^/]+))?$/;
/** Served by the API router (the verify tokens' JWKS); every other `/t/` path is the provider's. */
const API_PATHS_UNDER_TENANT = /^\/t\/[^/]+\/\.well-known\/jwks\.json$/;

export class OidcDoor {
  constructor(private readonly options: OidcDoorOptions) {}

  /** True for the paths this door answers. */
  handles(path: string): boolean {
    if (CLIENTS_PATH.test(path)) return true;
    return TENANT_PATH.test(path) && !API_PATHS_UNDER_TENANT.test(path);
  }

  /** Answers one request; never rejects. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestTarget(req.url);
    const head = this.request(req, Buffer.alloc(0));
    try {
      const clients = CLIENTS_PATH.exec(url.pathname);
      if (clients) return this.write(res, head, await this.clientsRoute(req, head, clients[1]));
      const tenant = TENANT_PATH.exec(url.pathname);
      if (!tenant) return this.write(res, head, errorResponse(404, 'not_found', 'no such route'));
      const tenantId = decodeURIComponent(tenant[1]!);
      const rest = tenant[2] ?? '/';
      const provider = await this.options.providers.providerFor(tenantId);
      if (!provider) throw notFound('tenant');
      const interaction = INTERACTION_PATH.exec(rest);
      if (interaction) {
        const body = head.method === 'POST' ? await bodyOf(req, this.options.maxImageBytes * 4) : Buffer.alloc(0);
        const answer = await interactionRoute(
          provider,
          tenantId,
          decodeURIComponent(interaction[1]!),
          interaction[2] ?? '',
          { req, res },
          this.request(req, body),
          this.options,
        );
        if (answer !== 'written') this.write(res, head, answer);
        return;
      }
      // The provider routes on the path below its issuer, and builds its URLs from the part it was given.
      const original = req.url ?? '/';
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = original;
      req.url = `${rest}${url.search}`;
      await provider.callback()(req, res);
    } catch (error) {
      if (!isExpectedError(error))
        this.options.log.error(`${head.method} ${head.path} failed`, { error: String(error) });
      if (!res.headersSent) this.write(res, head, responseForError(error));
      else res.destroy();
    }
  }

  private request(req: IncomingMessage, body: Buffer): HttpRequest {
    return toHttpRequest(req, body, this.options.clientIp?.(req) ?? req.socket.remoteAddress);
  }

  private write(res: ServerResponse, request: HttpRequest, response: HttpResponse): void {
    writeHttpResponse(res, response, request.method);
  }

  /** The operator's registry of relying parties (operator key only). */
  private async clientsRoute(req: IncomingMessage, head: HttpRequest, clientId: string | undefined) {
    const principal = await this.options.app.authenticate(head.headers.authorization);
    if (principal.role !== 'operator') throw forbidden('registering OpenID clients needs an operator key');
    const { clients } = this.options;
    if (clientId === undefined && head.method === 'GET') {
      const listed = { clients: await clients.list(principal.tenantId) };
      return schemaResponse(200, oidcClientList, listed, { 'Cache-Control': 'no-store' });
    }
    if (clientId === undefined && head.method === 'POST') {
      const request = this.request(req, await bodyOf(req, 64 * 1024));
      requireMediaType(request, ['application/json']);
      const input = validate(registerOidcClientBody, parseJsonObject(request.body));
      const registered = await clients.register(principal.tenantId, input);
      return schemaResponse(201, registeredOidcClient, registered, { 'Cache-Control': 'no-store' });
    }
    if (clientId !== undefined && head.method === 'DELETE') {
      await clients.remove(principal.tenantId, decodeURIComponent(clientId));
      return emptyResponse(204);
    }
    return errorResponse(405, 'method_not_allowed', 'GET or POST /v1/oidc/clients, DELETE /v1/oidc/clients/{id}');
  }
}

/** The body: already buffered by the Functions Framework (`rawBody`), or read from the stream here. */
async function bodyOf(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const buffered = (req as IncomingMessage & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(buffered)) return buffered;
  return readNodeBody(req, maxBytes);
}
