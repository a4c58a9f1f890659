/**
 * The API's routes: each parses its input, calls one FaceGateApp method and answers with the result parsed through
 * its response schema (response-schemas.ts), so nothing the application returns leaks into the API unless the
 * contract names it. Members left undefined are dropped by JSON.stringify, so optional fields are absent, never null.
 */
import type { z } from 'zod';
import type { FaceGateApp, Principal } from '../app/facegate-app.js';
import type { HttpRequest, HttpResponse } from './http-message.js';
import { readImageRequest } from './image-request.js';
import { requestOrigin } from './request-origin.js';
import { clientIdentifyResult, clientVerify, seesClientDecision } from './client-decision.js';
import { alert, alertList, attempt, attemptList, driftReportList, metrics } from './operator-response-schemas.js';
import {
  challenge,
  enrollment,
  enrollmentStarted,
  health,
  identifyResult,
  jwks,
  settings,
  unlockResult,
  userDetail,
  userList,
  verifyResult,
  webhook,
  webhookStatus,
} from './response-schemas.js';
import { schemaResponse } from './schema-response.js';
import { parseJsonObject, requireMediaType } from './request-body.js';
import {
  labelAttemptBody,
  listAlertsQuery,
  listAttemptsQuery,
  listDriftQuery,
  listUsersQuery,
  metricsQuery,
  startEnrollmentBody,
  updateSettingsBody,
  validate,
  webhookBody,
} from './request-schemas.js';
import type { PathParams, RouteHandler } from './router.js';
import { Router } from './router.js';

export interface ApiRouteOptions {
  maxImageBytes: number;
  /** The OpenAPI document served at /openapi.json, or how to make it on its first request (a cold start skips it). */
  openApiDocument: object | (() => object);
}

/** Builds the router with every API route. */
export function apiRouter(app: FaceGateApp, options: ApiRouteOptions): Router {
  /** `/v1` routes: the caller is authenticated before anything else about the request is looked at. */
  const authenticated =
    <Pattern extends string>(
      handler: (request: HttpRequest, params: PathParams<Pattern>, principal: Principal) => Promise<HttpResponse>,
    ): RouteHandler<Pattern> =>
    async (request, params) =>
      handler(request, params, await app.authenticate(request.headers.authorization, requestOrigin(request)));

  const client = (request: HttpRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    origin: requestOrigin(request),
  });
  let openApiBody: string | undefined;
  const openApi = () => {
    const { openApiDocument } = options;
    openApiBody ??= JSON.stringify(typeof openApiDocument === 'function' ? openApiDocument() : openApiDocument);
    return openApiBody;
  };

  return (
    new Router()
      .add(
        'POST',
        '/v1/enrollments',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(startEnrollmentBody, parseJsonObject(request.body));
          const started = await app.startEnrollment(principal, input, client(request));
          return schemaResponse(201, enrollmentStarted, started, {
            Location: `/v1/enrollments/${encodeURIComponent(started.enrollmentId)}`,
          });
        }),
      )
      .add(
        'GET',
        '/v1/enrollments/{enrollmentId}',
        authenticated(async (_request, params, principal) =>
          schemaResponse(200, enrollment, await app.getEnrollment(principal, params.enrollmentId)),
        ),
      )
      .add(
        'POST',
        '/v1/challenges',
        authenticated(async (request, _params, principal) =>
          schemaResponse(201, challenge, await app.createChallenge(principal, client(request)), {
            'Cache-Control': 'no-store',
          }),
        ),
      )
      .add(
        'GET',
        '/v1/settings',
        authenticated(async (_request, _params, principal) =>
          schemaResponse(200, settings, await app.getSettings(principal)),
        ),
      )
      .add(
        'PATCH',
        '/v1/settings',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const patch = validate(updateSettingsBody, parseJsonObject(request.body));
          return schemaResponse(200, settings, await app.updateSettings(principal, patch));
        }),
      )
      .add(
        'POST',
        '/v1/verify',
        authenticated(async (request, _params, principal) => {
          const input = await readImageRequest(request, { maxImageBytes: options.maxImageBytes, withUsername: true });
          const run = () => app.verify(principal, { ...input, client: client(request) });
          // A client key (every end user's browser) learns nothing about the account from a denial.
          if (seesClientDecision(principal))
            return schemaResponse(200, verifyResult, withoutDeniedToken(await clientVerify(run)));
          return schemaResponse(200, verifyResult, withoutDeniedToken(await run()));
        }),
      )
      .add(
        'POST',
        '/v1/identify',
        authenticated(async (request, _params, principal) => {
          const input = await readImageRequest(request, { maxImageBytes: options.maxImageBytes, withUsername: false });
          const result = await app.identify(principal, { ...input, client: client(request) });
          return schemaResponse(
            200,
            identifyResult,
            seesClientDecision(principal) ? clientIdentifyResult(result) : result,
          );
        }),
      )
      .add(
        'GET',
        '/v1/users',
        authenticated(async (request, _params, principal) => {
          const query = validate(listUsersQuery, Object.fromEntries(request.query), 'query');
          return schemaResponse(200, userList, await app.listUsers(principal, query));
        }),
      )
      .add(
        'GET',
        '/v1/attempts',
        authenticated(async (request, _params, principal) => {
          const query = validate(listAttemptsQuery, Object.fromEntries(request.query), 'query');
          return schemaResponse(200, attemptList, await app.listAttempts(principal, query));
        }),
      )
      .add(
        'POST',
        '/v1/attempts/{attemptId}/label',
        authenticated(async (request, params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(labelAttemptBody, parseJsonObject(request.body));
          return schemaResponse(200, attempt, await app.labelAttempt(principal, params.attemptId, input));
        }),
      )
      .add(
        'GET',
        '/v1/metrics',
        authenticated(async (request, _params, principal) => {
          const query = validate(metricsQuery, Object.fromEntries(request.query), 'query');
          return schemaResponse(200, metrics, await app.metrics(principal, query));
        }),
      )
      .add(
        'GET',
        '/v1/drift',
        authenticated(async (request, _params, principal) => {
          const query = validate(listDriftQuery, Object.fromEntries(request.query), 'query');
          return schemaResponse(200, driftReportList, await app.listDriftReports(principal, query));
        }),
      )
      .add(
        'DELETE',
        '/v1/users/{userId}',
        authenticated(async (_request, params, principal) => {
          await app.deleteUser(principal, params.userId);
          return { status: 204, headers: {} };
        }),
      )
      .add(
        'GET',
        '/v1/users/{userId}',
        authenticated(async (_request, params, principal) =>
          schemaResponse(200, userDetail, await app.getUser(principal, params.userId)),
        ),
      )
      .add(
        'DELETE',
        '/v1/users/{userId}/passkeys/{passkeyId}',
        authenticated(async (_request, params, principal) => {
          await app.revokePasskey(principal, params.userId, params.passkeyId);
          return { status: 204, headers: {} };
        }),
      )
      .add(
        'DELETE',
        '/v1/users/{userId}/device-keys/{deviceKeyId}',
        authenticated(async (_request, params, principal) => {
          await app.revokeDeviceKey(principal, params.userId, params.deviceKeyId);
          return { status: 204, headers: {} };
        }),
      )
      .add(
        'GET',
        '/v1/users/{userId}/photos/{captureId}',
        authenticated(async (_request, params, principal) => {
          const photo = await app.getUserPhoto(principal, params.userId, params.captureId);
          return {
            status: 200,
            // A face photo: never cached by a browser or proxy, never sniffed as anything but the stored type.
            headers: {
              'Content-Type': photo.contentType,
              'Cache-Control': 'private, no-store',
              'X-Content-Type-Options': 'nosniff',
            },
            body: photo.bytes,
          };
        }),
      )
      .add(
        'POST',
        '/v1/users/{userId}/unlock',
        authenticated(async (_request, params, principal) =>
          schemaResponse(200, unlockResult, {
            userId: params.userId,
            ...(await app.unlockUser(principal, params.userId)),
          }),
        ),
      )
      .add(
        'GET',
        '/v1/alerts',
        authenticated(async (request, _params, principal) => {
          const query = validate(listAlertsQuery, Object.fromEntries(request.query), 'query');
          return schemaResponse(200, alertList, await app.listAlerts(principal, query));
        }),
      )
      .add(
        'POST',
        '/v1/alerts/{alertId}/acknowledge',
        authenticated(async (_request, params, principal) =>
          schemaResponse(200, alert, await app.acknowledgeAlert(principal, params.alertId)),
        ),
      )
      .add(
        'GET',
        '/v1/webhook',
        authenticated(async (_request, _params, principal) =>
          schemaResponse(200, webhookStatus, await app.getWebhook(principal)),
        ),
      )
      .add(
        'PUT',
        '/v1/webhook',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(webhookBody, parseJsonObject(request.body));
          return schemaResponse(200, webhook, await app.setWebhook(principal, input));
        }),
      )
      .add(
        'DELETE',
        '/v1/webhook',
        authenticated(async (_request, _params, principal) => {
          await app.deleteWebhook(principal);
          return { status: 204, headers: {} };
        }),
      )
      .add('GET', '/.well-known/jwks.json', async () =>
        schemaResponse(200, jwks, keySet(await app.jwks()), { 'Cache-Control': 'public, max-age=300' }),
      )
      // The JWKS under the tenant's issuer (`<FACEGATE_JWT_ISSUER>/t/<tenantId>`, auth/token-issuer.ts).
      .add('GET', '/t/{tenantId}/.well-known/jwks.json', async (_request, params) =>
        schemaResponse(200, jwks, keySet(await app.jwks(params.tenantId)), { 'Cache-Control': 'public, max-age=300' }),
      )
      .add('GET', '/healthz', async () => {
        const report = await app.health();
        return schemaResponse(report.status === 'ok' ? 200 : 503, health, report);
      })
      .add('GET', '/openapi.json', () =>
        Promise.resolve({
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
          body: openApi(),
        }),
      )
  );
}

/** A token is proof of a match: it must never accompany a denial, whatever the use case returned. */
function withoutDeniedToken<Result extends { decision: string; token?: string }>(result: Result): Result {
  return result.decision === 'granted' ? result : { ...result, token: undefined };
}

/** The application types a key as any object (jose types every JWK member optional); the schema checks it. */
function keySet(set: { keys: object[] }): z.input<typeof jwks> {
  return set as z.input<typeof jwks>;
}
