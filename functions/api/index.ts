/**
 * The `api` HTTP function: every route of the FaceGate API (see shared/http/openapi.ts). A thin door: it builds
 * the composition once per instance, turns the framework's request into the HTTP layer's shape and writes the
 * answer back; routing, validation, errors and logging live in shared/http.
 */
import { http } from '@google-cloud/functions-framework';
import type { Request, Response } from '@google-cloud/functions-framework';
import { compose } from '../../shared/compose.js';
import type { ApiHandler } from '../../shared/http/api-handler.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { errorResponse } from '../../shared/http/error-envelope.js';
import { fromFrameworkRequest } from '../../shared/http/functions-framework-request.js';
import { writeHttpResponse } from '../../shared/http/node-http.js';
import { failureMessage, jsonLineLog } from '../../shared/http/structured-log.js';
import { jsonLogger } from '../../shared/app/logger.js';
import { clientAddress } from '../../shared/http/client-address.js';
import { OidcDoor } from '../../shared/oidc/oidc-door.js';

interface Door {
  handle: ApiHandler;
  /** Each tenant's OpenID Provider under `/t/{tenant}/` (shared/oidc/). */
  oidc: OidcDoor;
  /** X-Forwarded-For entries Google appends (FACEGATE_TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
}

let cached: Promise<Door> | undefined;

/** The handler over the process-wide composition; a failed start is retried on the next request. */
function apiHandler(): Promise<Door> {
  cached ??= compose().then(
    ({ app, config, oidc, log }) => ({
      handle: createApiHandler(app, {
        maxImageBytes: config.upload.maxBytes,
        publicBaseUrl: config.publicUrl,
        log: jsonLineLog(config.logLevel),
        // Cloud Run does not set it; the deployment does, so trace ids link to Cloud Trace.
        traceProjectId: process.env.GOOGLE_CLOUD_PROJECT,
      }),
      trustedProxyHops: config.trustedProxyHops,
      oidc: new OidcDoor({
        app,
        ...oidc,
        maxImageBytes: config.upload.maxBytes,
        // The web client's hosted-login page, deployed beside the API under the public URL.
        loginPagePath: `${config.publicUrl.replace(/\/+$/, '')}/oidc/`,
        log,
        clientIp: (req) =>
          clientAddress(
            [req.headers['x-forwarded-for']].flat().join(',') || undefined,
            req.socket.remoteAddress,
            config.trustedProxyHops,
          ),
      }),
    }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

/** The HTTP function; never rejects, so the framework's own crash page never reaches a client. */
export async function api(req: Request, res: Response): Promise<void> {
  let door: Door;
  try {
    door = await apiHandler();
  } catch (error) {
    jsonLogger().error(failureMessage('api: the service could not start', error));
    const unavailable = errorResponse(
      503,
      'unavailable',
      'The service is not available yet. Please try again shortly.',
      {
        headers: { 'Retry-After': '5' },
      },
    );
    writeHttpResponse(res, unavailable, req.method);
    return;
  }
  if (door.oidc.handles(req.path)) return door.oidc.serve(req, res);
  const request = fromFrameworkRequest(req, { trustedProxyHops: door.trustedProxyHops });
  writeHttpResponse(res, await door.handle(request), req.method);
}

http('api', api);
