/**
 * The documented operations of enrollment, login and the public endpoints, registered with their zod schemas:
 * the OpenAPI document (openapi.ts) is generated from these registrations.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  anonymous,
  authErrors,
  errors,
  imageErrors,
  jsonBody,
  jsonBodyErrors,
  json,
  ok,
  rateLimited,
} from './operation-responses.js';
import {
  identifyFormFields,
  identifyJsonBody,
  MAX_BURST_FRAMES,
  MAX_CHALLENGE_FRAMES,
  MIN_BURST_FRAMES,
  startEnrollmentBody,
  verifyFormFields,
  verifyJsonBody,
} from './request-schemas.js';
import {
  challenge,
  enrollment,
  enrollmentStarted,
  health,
  identifyResult,
  jwks,
  verifyResult,
} from './response-schemas.js';

/** A file part of a multipart form. */
const imageFile = z
  .string()
  .meta({ id: 'ImageFile', contentMediaType: 'image/*', description: 'The photo (JPEG, PNG or WebP).' });

const challengeFrameParts = z
  .array(imageFile)
  .max(MAX_CHALLENGE_FRAMES)
  .optional()
  .meta({ description: 'Active challenge: up to two file parts named `frame`, taken while turning the head.' });
const burstParts = z
  .array(imageFile)
  .min(MIN_BURST_FRAMES)
  .max(MAX_BURST_FRAMES)
  .optional()
  .meta({ description: 'Liveness burst: file parts named `burst`, in capture order.' });

const verifyMultipartBody = verifyFormFields
  .extend({ image: imageFile, frame: challengeFrameParts, burst: burstParts })
  .meta({ id: 'VerifyMultipartRequest' });

const identifyMultipartBody = identifyFormFields
  .extend({ image: imageFile, frame: challengeFrameParts, burst: burstParts })
  .meta({ id: 'IdentifyMultipartRequest' });

/** A capture as a multipart form or as JSON with base64 images. */
const imageBody = (jsonSchema: z.ZodType, multipartSchema: z.ZodType) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: multipartSchema,
      encoding: { image: { contentType: 'image/jpeg, image/png, image/webp' } },
    },
    ...json(jsonSchema),
  },
});

/** `POST /v1/verify`'s body, which the hosted login's verify takes too (hosted-login-operations.ts). */
export const verifyRequestBody = imageBody(verifyJsonBody, verifyMultipartBody);

export function registerLoginOperations(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/v1/enrollments',
    operationId: 'startEnrollment',
    summary: 'Create a pending user and a signed URL to upload their enrollment photo',
    tags: ['enrollment'],
    request: { body: jsonBody(startEnrollmentBody) },
    responses: {
      '201': {
        description: 'Enrollment started; PUT the photo to `upload.url`, then poll the enrollment.',
        headers: { Location: { description: 'The enrollment resource.', schema: { type: 'string' } } },
        content: json(enrollmentStarted),
      },
      ...jsonBodyErrors,
      '409': errors.conflict,
      ...rateLimited,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/enrollments/{enrollmentId}',
    operationId: 'getEnrollment',
    summary: 'Status of an enrollment: pending, processing, active or rejected (with a reason)',
    tags: ['enrollment'],
    request: { params: z.object({ enrollmentId: z.string() }) },
    responses: { '200': ok('The enrollment.', enrollment), '404': errors.notFound, ...authErrors },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/verify',
    operationId: 'verify',
    summary: 'Verify (1:1): does this photo show the claimed user?',
    tags: ['authentication'],
    request: { body: verifyRequestBody },
    responses: {
      '200': ok('The decision; a token when granted.', verifyResult),
      ...imageErrors,
      '404': errors.notFound,
      ...rateLimited,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/challenges',
    operationId: 'createChallenge',
    summary:
      'A single-use, short-lived challenge for the next verify or identify (possession, active and light challenge)',
    tags: ['authentication'],
    responses: {
      '201': ok('The challenge; use it once before `expiresAt`.', challenge),
      ...rateLimited,
      ...authErrors,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/identify',
    operationId: 'identify',
    summary: 'Identify (1:N): who among the enrolled users is in this photo?',
    description:
      'Granted only above the threshold and with a margin over the best other user, and under the same liveness ' +
      'policy as verify: the burst, the light challenge (`challengeId`) and the head turn (`frame`s) the tenant ' +
      'requires. A tenant that requires possession is always denied `possession_required`.',
    tags: ['authentication'],
    request: { body: imageBody(identifyJsonBody, identifyMultipartBody) },
    responses: { '200': ok('The decision.', identifyResult), ...imageErrors, ...rateLimited, ...authErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/.well-known/jwks.json',
    operationId: 'jwks',
    summary: 'Public keys that verify access tokens',
    tags: ['tokens'],
    ...anonymous,
    responses: { '200': ok('The key set.', jwks), '500': errors.internal, '503': errors.unavailable },
  });
  registry.registerPath({
    method: 'get',
    path: '/t/{tenantId}/.well-known/jwks.json',
    operationId: 'tenantJwks',
    summary: "Public keys that verify a tenant's access tokens, under its issuer `<FACEGATE_JWT_ISSUER>/t/{tenantId}`",
    tags: ['tokens'],
    ...anonymous,
    request: { params: z.object({ tenantId: z.string() }) },
    responses: {
      '200': ok('The key set (the same keys as /.well-known/jwks.json).', jwks),
      '404': errors.notFound,
      '500': errors.internal,
      '503': errors.unavailable,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness and readiness',
    tags: ['operations'],
    ...anonymous,
    responses: {
      '200': ok('Healthy.', health),
      '503': ok('Degraded: a dependency check failed.', health),
      '500': errors.internal,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This document',
    tags: ['operations'],
    ...anonymous,
    responses: { '200': ok('The OpenAPI 3.1 document.', z.record(z.string(), z.unknown())) },
  });
}
