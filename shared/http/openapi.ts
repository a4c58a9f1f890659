/**
 * The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`, generated from the zod schemas the routes
 * validate requests with and build responses through (request-schemas.ts, response-schemas.ts), as registered in
 * login-operations.ts, operator-operations.ts and hosted-login-operations.ts (the OIDC login page's endpoints). The
 * tests check it lists every routed operation and that real responses validate against it.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerHostedLoginOperations } from './hosted-login-operations.js';
import { registerLoginOperations } from './login-operations.js';
import { registerOperatorOperations } from './operator-operations.js';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The document; `serverUrl` (the public base URL) is listed as its server when given. */
export function openApiDocument(options: { serverUrl?: string } = {}): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A tenant API key: a secret key (`fgk_…`, client or operator) on servers, or a publishable client key (`fgpk_…`) in web pages, which works only from its allowed origins (`Origin`, or `Referer` on a same-origin GET; otherwise 403 `origin_not_allowed`).',
  });
  registerLoginOperations(registry);
  registerOperatorOperations(registry);
  registerHostedLoginOperations(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'FaceGate API',
      version: '1.0.0',
      description:
        'Face enrollment, verification (1:1) and identification (1:N), with an optional device-key possession ' +
        'factor and head-turn challenge per tenant. `/v1` routes take `Authorization: Bearer <API key>`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
  });
}
