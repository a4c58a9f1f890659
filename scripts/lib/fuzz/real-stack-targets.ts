/**
 * Fuzz targets over a real composition: SQLite in a temporary folder, the real face engine, local signed uploads
 * and in-process events, with two tenants and one enrolled person.
 *
 * - `api-real`: every route with random requests, and verify/identify with mutated captures that reach the face
 *   engine. Besides the checks of every API answer, tenant B's keys must never see tenant A's ids.
 * - `enroll`: a mutated capture uploaded through the signed-URL receiver and embedded: the enrollment must end
 *   `active` or `rejected` (never stuck), and nothing may be logged as an error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { buildComposition } from '../../../shared/compose.js';
import { createApiHandler } from '../../../shared/http/api-handler.js';
import type { LogEntry } from '../../../shared/http/structured-log.js';
import { loggerOn } from '../../../shared/app/logger.js';
import { AppError } from '../../../shared/app/app-error.js';
import { createTenantWithKeys } from '../../../shared/local/demo-tenant.js';
import { createFaceEngine } from '../../../shared/face/create-face-engine.js';
import { faceFixtures } from '../../../tests/support/face-fixtures.js';
import { uploadEnrollment } from '../../../tests/support/scripted-stack.js';
import { imageInputArb, type FuzzImage } from './mutations.js';
import { apiRequestArb, imageRequestArb, type FuzzRequest } from './http-requests.js';
import { checkedCall, describeRequest, routeList } from './api-targets.js';
import { FuzzFailure, type FuzzTarget } from './run-fuzz.js';
import type { SeedImage } from './seed-images.js';

export interface RealStack {
  targets: FuzzTarget<never>[];
  close(): Promise<void>;
}

export async function realStackTargets(
  seeds: readonly SeedImage[],
  weights: { api: number; enroll: number },
): Promise<RealStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fg-fuzz-'));
  const errors: LogEntry[] = [];
  const log = loggerOn((entry) => {
    if (entry.severity === 'ERROR') errors.push(entry);
  });
  const engine = await createFaceEngine();
  const stack = await buildComposition(
    {
      FACEGATE_DATA_DIR: dataDir,
      FACEGATE_DB_URL: `sqlite:${path.join(dataDir, 'fuzz.sqlite')}`,
      FACEGATE_LOG_LEVEL: 'error',
    },
    { engine, log },
  );
  const a = await createTenantWithKeys(stack.repos, 'Fuzz A');
  const b = await createTenantWithKeys(stack.repos, 'Fuzz B');
  const fixtures = await faceFixtures(engine);
  let alice = await uploadEnrollment(stack, a, 'alice', fixtures.personA);
  if (alice.status !== 'active') throw new Error(`fuzz setup: alice's enrollment ended ${alice.status}`);

  const handler = createApiHandler(stack.app, {
    maxImageBytes: stack.config.upload.maxBytes,
    log: (entry) => {
      if (entry.severity === 'ERROR') errors.push(entry);
    },
  });
  const images = imageInputArb(seeds);
  const context = {
    routes: routeList(stack.app),
    keys: [a.clientKey, a.operatorKey, b.clientKey, b.operatorKey],
    knownIds: [alice.userId, alice.enrollmentId],
    usernames: ['alice'],
    images,
  };
  const bKeys = new Set([b.clientKey, b.operatorKey].map((k) => `Bearer ${k}`));

  const api: FuzzTarget<FuzzRequest> = {
    name: 'api-real',
    weight: weights.api,
    arbitrary: fc.oneof(
      { weight: 1, arbitrary: apiRequestArb(context) },
      { weight: 2, arbitrary: imageRequestArb(context) },
    ),
    timeoutMs: 20_000,
    async run(request) {
      const outcome = await checkedCall(handler, request, errors, (body) => {
        // Tenant B must never be shown tenant A's ids, whatever it sends.
        if (
          bKeys.has(request.headers['authorization'] ?? '') &&
          (body.includes(alice.userId) || body.includes(alice.enrollmentId))
        )
          throw new FuzzFailure(`tenant B's key was shown tenant A's ids: ${body.slice(0, 200)}`);
      });
      await stack.idle();
      if (errors.length) throw new FuzzFailure(`logged an error: ${errors[0]?.message ?? ''}`);
      if (request.method.toUpperCase() === 'DELETE' && outcome === '204' && request.target.startsWith('/v1/users/')) {
        // An operator key erased alice: enroll her again so later inputs still reach the matcher.
        alice = await uploadEnrollment(stack, a, 'alice', fixtures.personA);
        context.knownIds.splice(0, 2, alice.userId, alice.enrollmentId);
      }
      return `${request.target.split('?')[0]?.startsWith('/v1/verify') ? 'verify ' : request.target.startsWith('/v1/identify') ? 'identify ' : ''}${outcome}`;
    },
    describe: describeRequest,
  };
  let serial = 0;
  const enrollTarget: FuzzTarget<{ image: FuzzImage; contentType: string }> = {
    name: 'enroll',
    weight: weights.enroll,
    arbitrary: fc.record({ image: images, contentType: fc.constantFrom('image/jpeg', 'image/png', 'image/webp') }),
    timeoutMs: 20_000,
    async run({ image, contentType }) {
      errors.length = 0;
      const principal = await stack.app.authenticate(`Bearer ${a.clientKey}`);
      const started = await stack.app.startEnrollment(principal, { username: `fuzz${serial++}`, contentType });
      const url = new URL(started.upload.url);
      try {
        await stack.localUploads?.receive({
          pathAndQuery: url.pathname + url.search,
          contentType,
          contentLength: image.bytes.length,
          body: image.bytes,
        });
      } catch (error) {
        if (error instanceof AppError && error.status < 500) return `upload ${error.status} ${error.code}`;
        throw error;
      }
      await stack.idle();
      if (errors.length) throw new FuzzFailure(`embed logged an error: ${errors[0]?.message ?? ''}`);
      const view = await stack.app.getEnrollment(principal, started.enrollmentId);
      if (view.status !== 'active' && view.status !== 'rejected')
        throw new FuzzFailure(`enrollment stuck in ${view.status} after the upload was embedded`);
      return view.status === 'active' ? 'active' : `rejected ${view.reason ?? '?'}`;
    },
    describe: ({ image, contentType }) => ({ bytes: image.bytes, details: { origin: image.origin, contentType } }),
  };

  return {
    targets: [api as FuzzTarget<never>, enrollTarget as FuzzTarget<never>],
    async close() {
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
