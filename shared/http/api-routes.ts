/**
 * The API's routes: each parses its input, calls one FaceGateApp method and maps the result to the documented
 * response, field by field, so nothing the application returns leaks into the API unless it is part of the
 * contract (see openapi.ts). Members left undefined are dropped by JSON.stringify, so optional fields are absent,
 * never null.
 */
import type { TenantSettings } from '../domain/tenant.js';
import type {
  AlertView,
  AttemptView,
  ChallengeView,
  DriftReportView,
  MetricsView,
  EnrollmentStarted,
  EnrollmentView,
  FaceGateApp,
  IdentifyResult,
  Principal,
  UserView,
  VerifyResult,
} from '../app/facegate-app.js';
import type { HttpRequest, HttpResponse } from './http-message.js';
import { jsonResponse } from './http-message.js';
import { readImageRequest } from './image-request.js';
import { requestOrigin } from './request-origin.js';
import {
  clientIdentifyResult,
  clientVerify,
  isClientDenial,
  seesClientDecision,
  type ClientDenial,
} from './client-decision.js';
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
  /** The OpenAPI document served at /openapi.json. */
  openApiDocument: object;
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
  const openApiBody = JSON.stringify(options.openApiDocument);

  return (
    new Router()
      .add(
        'POST',
        '/v1/enrollments',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(startEnrollmentBody, parseJsonObject(request.body));
          const started = await app.startEnrollment(principal, input, client(request));
          return jsonResponse(201, enrollmentStartedBody(started), {
            Location: `/v1/enrollments/${encodeURIComponent(started.enrollmentId)}`,
          });
        }),
      )
      .add(
        'GET',
        '/v1/enrollments/{enrollmentId}',
        authenticated(async (_request, params, principal) =>
          jsonResponse(200, enrollmentBody(await app.getEnrollment(principal, params.enrollmentId))),
        ),
      )
      .add(
        'POST',
        '/v1/challenges',
        authenticated(async (request, _params, principal) =>
          jsonResponse(201, challengeBody(await app.createChallenge(principal, client(request))), {
            'Cache-Control': 'no-store',
          }),
        ),
      )
      .add(
        'GET',
        '/v1/settings',
        authenticated(async (_request, _params, principal) =>
          jsonResponse(200, settingsBody(await app.getSettings(principal))),
        ),
      )
      .add(
        'PATCH',
        '/v1/settings',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const patch = validate(updateSettingsBody, parseJsonObject(request.body));
          return jsonResponse(200, settingsBody(await app.updateSettings(principal, patch)));
        }),
      )
      .add(
        'POST',
        '/v1/verify',
        authenticated(async (request, _params, principal) => {
          const input = await readImageRequest(request, { maxImageBytes: options.maxImageBytes, withUsername: true });
          const run = () => app.verify(principal, { ...input, client: client(request) });
          // A client key (every end user's browser) learns nothing about the account from a denial.
          if (seesClientDecision(principal)) return jsonResponse(200, verifyBody(await clientVerify(run)));
          return jsonResponse(200, verifyBody(await run()));
        }),
      )
      .add(
        'POST',
        '/v1/identify',
        authenticated(async (request, _params, principal) => {
          const input = await readImageRequest(request, { maxImageBytes: options.maxImageBytes, withUsername: false });
          const result = await app.identify(principal, { ...input, client: client(request) });
          return jsonResponse(200, identifyBody(seesClientDecision(principal) ? clientIdentifyResult(result) : result));
        }),
      )
      .add(
        'GET',
        '/v1/users',
        authenticated(async (request, _params, principal) => {
          const query = validate(listUsersQuery, Object.fromEntries(request.query), 'query');
          const page = await app.listUsers(principal, query);
          const body: { users: object[]; nextCursor?: string } = { users: page.users.map(userBody) };
          if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor;
          return jsonResponse(200, body);
        }),
      )
      .add(
        'GET',
        '/v1/attempts',
        authenticated(async (request, _params, principal) => {
          const query = validate(listAttemptsQuery, Object.fromEntries(request.query), 'query');
          const page = await app.listAttempts(principal, query);
          const body: { attempts: object[]; nextCursor?: string } = { attempts: page.attempts.map(attemptBody) };
          if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor;
          return jsonResponse(200, body);
        }),
      )
      .add(
        'POST',
        '/v1/attempts/{attemptId}/label',
        authenticated(async (request, params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(labelAttemptBody, parseJsonObject(request.body));
          return jsonResponse(200, attemptBody(await app.labelAttempt(principal, params.attemptId, input)));
        }),
      )
      .add(
        'GET',
        '/v1/metrics',
        authenticated(async (request, _params, principal) => {
          const query = validate(metricsQuery, Object.fromEntries(request.query), 'query');
          return jsonResponse(200, metricsBody(await app.metrics(principal, query)));
        }),
      )
      .add(
        'GET',
        '/v1/drift',
        authenticated(async (request, _params, principal) => {
          const query = validate(listDriftQuery, Object.fromEntries(request.query), 'query');
          const page = await app.listDriftReports(principal, query);
          const body: { reports: object[]; nextCursor?: string } = { reports: page.reports.map(driftReportBody) };
          if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor;
          return jsonResponse(200, body);
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
        authenticated(async (_request, params, principal) => {
          const detail = await app.getUser(principal, params.userId);
          return jsonResponse(200, {
            user: userBody(detail.user),
            photos: detail.photos.map((p) => ({ captureId: p.captureId, createdAt: p.createdAt })),
          });
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
          jsonResponse(200, { userId: params.userId, ...(await app.unlockUser(principal, params.userId)) }),
        ),
      )
      .add(
        'GET',
        '/v1/alerts',
        authenticated(async (request, _params, principal) => {
          const query = validate(listAlertsQuery, Object.fromEntries(request.query), 'query');
          const page = await app.listAlerts(principal, query);
          const body: { alerts: object[]; nextCursor?: string } = { alerts: page.alerts.map(alertBody) };
          if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor;
          return jsonResponse(200, body);
        }),
      )
      .add(
        'POST',
        '/v1/alerts/{alertId}/acknowledge',
        authenticated(async (_request, params, principal) =>
          jsonResponse(200, alertBody(await app.acknowledgeAlert(principal, params.alertId))),
        ),
      )
      .add(
        'GET',
        '/v1/webhook',
        authenticated(async (_request, _params, principal) => {
          const webhook = await app.getWebhook(principal);
          return jsonResponse(200, { configured: webhook.configured, url: webhook.url });
        }),
      )
      .add(
        'PUT',
        '/v1/webhook',
        authenticated(async (request, _params, principal) => {
          requireMediaType(request, ['application/json']);
          const input = validate(webhookBody, parseJsonObject(request.body));
          const webhook = await app.setWebhook(principal, input);
          return jsonResponse(200, { url: webhook.url, secret: webhook.secret });
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
        jsonResponse(200, await app.jwks(), { 'Cache-Control': 'public, max-age=300' }),
      )
      // The JWKS under the tenant's issuer (`<FACEGATE_JWT_ISSUER>/t/<tenantId>`, auth/token-issuer.ts).
      .add('GET', '/t/{tenantId}/.well-known/jwks.json', async (_request, params) =>
        jsonResponse(200, await app.jwks(params.tenantId), { 'Cache-Control': 'public, max-age=300' }),
      )
      .add('GET', '/healthz', async () => {
        const report = await app.health();
        return jsonResponse(report.status === 'ok' ? 200 : 503, report);
      })
      .add('GET', '/openapi.json', () =>
        Promise.resolve({
          status: 200,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
          body: openApiBody,
        }),
      )
  );
}

function enrollmentStartedBody(started: EnrollmentStarted) {
  const { url, method, headers, expiresAt } = started.upload;
  return {
    enrollmentId: started.enrollmentId,
    userId: started.userId,
    status: started.status,
    upload: { url, method, headers, expiresAt },
  };
}

function enrollmentBody(view: EnrollmentView) {
  return {
    enrollmentId: view.enrollmentId,
    userId: view.userId,
    status: view.status,
    reason: view.reason,
    quality: view.quality,
  };
}

function challengeBody(c: ChallengeView) {
  return {
    challengeId: c.challengeId,
    nonce: c.nonce,
    tenantId: c.tenantId,
    expiresAt: c.expiresAt,
    prompt: c.prompt,
    possession: c.possession,
    burst: c.burst,
    light: c.light,
  };
}

function settingsBody(s: TenantSettings) {
  return {
    requirePossession: s.requirePossession,
    activeChallenge: s.activeChallenge,
    requireBurst: s.requireBurst,
    lightChallenge: s.lightChallenge,
  };
}

function verifyBody(result: VerifyResult | ClientDenial) {
  if (isClientDenial(result)) return { decision: result.decision, reason: result.reason };
  return {
    decision: result.decision,
    score: result.score,
    threshold: result.threshold,
    reason: result.reason,
    userId: result.userId,
    // A token is proof of a match: it must never accompany a denial, whatever the use case returned.
    token: result.decision === 'granted' ? result.token : undefined,
  };
}

function identifyBody(result: IdentifyResult | ClientDenial) {
  if (isClientDenial(result)) return { decision: result.decision, reason: result.reason };
  return {
    decision: result.decision,
    userId: result.userId,
    username: result.username,
    displayName: result.displayName,
    score: result.score,
    reason: result.reason,
  };
}

function userBody(user: UserView) {
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    status: user.status,
    templates: user.templates,
    createdAt: user.createdAt,
    lockedUntil: user.lockedUntil,
  };
}

function attemptBody(a: AttemptView) {
  return {
    id: a.id,
    kind: a.kind,
    outcome: a.outcome,
    score: a.score,
    threshold: a.threshold,
    reason: a.reason,
    latencyMs: a.latencyMs,
    stageLatencies: a.stageLatencies,
    modelVersion: a.modelVersion,
    userId: a.userId,
    username: a.username,
    claimedUsername: a.claimedUsername,
    clientIp: a.clientIp,
    createdAt: a.createdAt,
    quality: a.quality,
    livenessScore: a.livenessScore,
    label: a.label,
  };
}

function metricsBody(m: MetricsView) {
  return {
    from: m.from,
    to: m.to,
    bucketSeconds: m.bucketSeconds,
    totals: m.totals,
    buckets: m.buckets,
    scores: m.scores,
    frr: m.frr,
    far: m.far,
    ...(m.calibration ? { calibration: m.calibration } : {}),
  };
}

function driftReportBody(r: DriftReportView) {
  return {
    id: r.id,
    modelVersion: r.modelVersion,
    status: r.status,
    severity: r.severity,
    window: r.window,
    reference: r.reference,
    moved: r.moved,
    features: r.features,
    createdAt: r.createdAt,
  };
}

function alertBody(a: AlertView) {
  return {
    alertId: a.alertId,
    kind: a.kind,
    severity: a.severity,
    userId: a.userId,
    attemptIds: a.attemptIds,
    summary: a.summary,
    createdAt: a.createdAt,
    status: a.status,
    deliveryAttempts: a.deliveryAttempts,
    lastError: a.lastError,
    triage: a.triage ? { summary: a.triage.summary, severity: a.triage.severity, model: a.triage.model } : undefined,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
  };
}
