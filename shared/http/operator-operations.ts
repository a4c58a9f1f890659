/**
 * The documented operations of operator keys (the console's API), registered with their zod schemas: the OpenAPI
 * document (openapi.ts) is generated from these registrations.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { alert, alertList, attempt, attemptList, driftReportList, metrics } from './operator-response-schemas.js';
import { oidcClientList, registerOidcClientBody, registeredOidcClient } from './oidc-client-schemas.js';
import { authErrors, errors, jsonBody, jsonBodyErrors, ok } from './operation-responses.js';
import {
  labelAttemptBody,
  listAlertsQuery,
  listAttemptsQuery,
  listDriftQuery,
  listUsersQuery,
  metricsQuery,
  updateSettingsBody,
  webhookBody,
} from './request-schemas.js';
import { settings, unlockResult, userDetail, userList, webhook, webhookStatus } from './response-schemas.js';

const userPath = z.object({ userId: z.string() });
const tags = ['operators'];

export function registerOperatorOperations(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/v1/settings',
    operationId: 'getSettings',
    summary: "The tenant's login settings (operator keys only)",
    tags,
    responses: { '200': ok('The settings.', settings), ...authErrors },
  });
  registry.registerPath({
    method: 'patch',
    path: '/v1/settings',
    operationId: 'updateSettings',
    summary: "Change the tenant's login settings (operator keys only)",
    tags,
    request: { body: jsonBody(updateSettingsBody) },
    responses: {
      '200': ok('The settings after the change.', settings),
      ...jsonBodyErrors,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/users',
    operationId: 'listUsers',
    summary: 'List users (operator keys only)',
    tags,
    request: { query: listUsersQuery },
    responses: { '200': ok('One page of users.', userList), '400': errors.badRequest, ...authErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/users/{userId}',
    operationId: 'getUser',
    summary: 'A user, with lockout state, enrollment photo ids and possession credentials (operator keys only)',
    tags,
    request: { params: userPath },
    responses: { '200': ok('The user.', userDetail), '404': errors.notFound, ...authErrors },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/users/{userId}',
    operationId: 'deleteUser',
    summary: 'Erase a user: templates, captures, enrollments and stored photos (operator keys only)',
    tags,
    request: { params: userPath },
    responses: { '204': { description: 'Erased.' }, '404': errors.notFound, ...authErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/users/{userId}/unlock',
    operationId: 'unlockUser',
    summary: "Lift a user's lockout and forget their failed attempts (operator keys only)",
    tags,
    request: { params: userPath },
    responses: { '200': ok('Unlocked.', unlockResult), '404': errors.notFound, ...authErrors },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/users/{userId}/passkeys/{passkeyId}',
    operationId: 'revokePasskey',
    summary: "Revoke one of a user's passkeys, e.g. on a lost phone (operator keys only)",
    description:
      "The passkey is refused from the next login on. The account's older device key, superseded since it got a " +
      'passkey, is removed with it, so it cannot come back when the last passkey goes. Audited (`passkey.revoked`).',
    tags,
    request: { params: userPath.extend({ passkeyId: z.string() }) },
    responses: {
      '204': { description: 'Revoked.' },
      '404': errors.notFound,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/users/{userId}/device-keys/{deviceKeyId}',
    operationId: 'revokeDeviceKey',
    summary: "Revoke a user's device key, the older possession factor (operator keys only)",
    description: 'The key is refused from the next login on. Audited (`device_key.revoked`).',
    tags,
    request: { params: userPath.extend({ deviceKeyId: z.string() }) },
    responses: {
      '204': { description: 'Revoked.' },
      '404': errors.notFound,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/users/{userId}/photos/{captureId}',
    operationId: 'getUserPhoto',
    summary: 'One enrollment photo of a user, as stored (operator keys only; every view is audited)',
    tags,
    request: { params: userPath.extend({ captureId: z.string() }) },
    responses: {
      '200': {
        description: 'The photo; `Cache-Control: private, no-store`.',
        content: Object.fromEntries(
          ['image/jpeg', 'image/png', 'image/webp'].map((type) => [
            type,
            { schema: { type: 'string', format: 'binary' } } as const,
          ]),
        ),
      },
      '404': errors.notFound,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/attempts',
    operationId: 'listAttempts',
    summary: 'Login attempts, newest first (operator keys only)',
    tags,
    request: { query: listAttemptsQuery },
    responses: { '200': ok('One page of attempts.', attemptList), '400': errors.badRequest, ...authErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/attempts/{attemptId}/label',
    operationId: 'labelAttempt',
    summary: 'Label an attempt genuine, impostor or fraud: the ground truth of the online FAR/FRR (operator keys only)',
    description: 'A later label replaces an earlier one; every labelling is kept in the audit trail.',
    tags,
    request: { params: z.object({ attemptId: z.string() }), body: jsonBody(labelAttemptBody) },
    responses: {
      '200': ok('The labelled attempt.', attempt),
      ...jsonBodyErrors,
      '404': errors.notFound,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/metrics',
    operationId: 'metrics',
    summary:
      'Latency p50/p95/p99, throughput, outcomes, score histograms and online FAR/FRR estimates per time bucket (operator keys only)',
    tags,
    request: { query: metricsQuery },
    responses: {
      '200': ok('The figures of the window.', metrics),
      '400': errors.badRequest,
      '422': errors.windowTooLarge,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/drift',
    operationId: 'listDriftReports',
    summary: 'Drift check history, newest first (operator keys only)',
    tags,
    request: { query: listDriftQuery },
    responses: { '200': ok('One page of drift reports.', driftReportList), '400': errors.badRequest, ...authErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/alerts',
    operationId: 'listAlerts',
    summary: 'Security alerts, newest first (operator keys only)',
    tags,
    request: { query: listAlertsQuery },
    responses: { '200': ok('One page of alerts.', alertList), '400': errors.badRequest, ...authErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/alerts/{alertId}/acknowledge',
    operationId: 'acknowledgeAlert',
    summary: 'Mark an alert as handled (operator keys only); the first acknowledgement stands and is audited',
    tags,
    request: { params: z.object({ alertId: z.string() }) },
    responses: { '200': ok('The alert, acknowledged.', alert), '404': errors.notFound, ...authErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/webhook',
    operationId: 'getWebhook',
    summary: "Where the tenant's alerts are POSTed, without the secret (operator keys only)",
    tags,
    responses: { '200': ok('The webhook, or `configured: false`.', webhookStatus), ...authErrors },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/webhook',
    operationId: 'setWebhook',
    summary: "Set the tenant's alert webhook (operator keys only)",
    description:
      'Each alert is POSTed as `{type, alert, triage?}` with `FaceGate-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. ' +
      'The host must be, and resolve only to, public addresses (400 `webhook_destination_refused` otherwise: private, ' +
      'loopback, link-local, metadata, unique-local, CGNAT, IPv4-mapped); checked again on every delivery; no redirects.',
    tags,
    request: { body: jsonBody(webhookBody) },
    responses: {
      '200': ok('Set; the secret is shown here.', webhook),
      ...jsonBodyErrors,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/webhook',
    operationId: 'deleteWebhook',
    summary: "Remove the tenant's alert webhook (operator keys only)",
    tags,
    responses: { '204': { description: 'Removed.' }, ...authErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/oidc/clients',
    operationId: 'listOidcClients',
    summary: "The relying parties of the tenant's OpenID Provider (operator keys only)",
    tags,
    responses: { '200': ok('The registered clients, without secrets.', oidcClientList), ...authErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/oidc/clients',
    operationId: 'registerOidcClient',
    summary: "Register a relying party with the tenant's OpenID Provider (operator keys only)",
    tags,
    request: { body: jsonBody(registerOidcClientBody) },
    responses: {
      '201': ok('Registered; a confidential client gets its secret here, once.', registeredOidcClient),
      ...jsonBodyErrors,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/oidc/clients/{clientId}',
    operationId: 'removeOidcClient',
    summary: 'Remove a relying party (operator keys only)',
    tags,
    request: { params: z.object({ clientId: z.string() }) },
    responses: { '204': { description: 'Removed.' }, '404': errors.notFound, ...authErrors },
  });
}
