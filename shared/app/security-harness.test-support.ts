/**
 * A FaceGateService for tests of the security use cases: real SQL repositories on an in-memory SQLite database,
 * the in-process event bus with the alerts subscription `compose` makes, a local blob store in a temp folder, a
 * FakeClock, and a fake face engine whose "photos" are JSON naming a person and a liveness verdict, so a test says
 * exactly what the engine sees.
 */
import { LandmarkBurstCheck } from '../face/burst/landmark-burst-check.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, createSqlRepositories, migrateToLatest, type SqlDatabase } from '../adapters/sql/index.js';
import { FsBlobStore } from '../adapters/local/fs-blob-store.js';
import { InProcessEventBus } from '../adapters/local/in-process-event-bus.js';
import { TemplateCipher, type TemplateKeyring } from '../crypto/template-cipher.js';
import { JwkSigningKeyStore, type StoredKeys } from '../auth/signing-keys.js';
import { TokenIssuer } from '../auth/token-issuer.js';
import { loadConfig } from '../config/load-config.js';
import { DEFAULT_LOCKOUT_POLICY } from '../domain/lockout-policy.js';
import type { EventPayload } from '../events/registry.js';
import type { FaceAnalysis, FaceEngine } from '../face/face-engine.js';
import type { QualityReport } from '../face/quality/quality-report.js';
import { createTenantWithKeys } from '../local/demo-tenant.js';
import { FakeClock } from '../ports/clock.js';
import type { IncidentTriage } from '../ports/incident-triage.js';
import type { Repositories } from '../ports/repositories.js';
import type { WebhookSender } from '../ports/webhook-sender.js';
import { HttpWebhookSender } from '../adapters/http/http-webhook-sender.js';
import { blobKeys } from '../ports/blob-store.js';
import type { AppDeps, SecurityPolicy } from './app-deps.js';
import type { Principal } from './facegate-app.js';
import { FaceGateService } from './facegate-service.js';
import { silentLogger } from './logger.js';
import { TemplateIndex } from './template-index.js';

const DIMS = 8;

/** What the fake engine "sees" in a photo. */
export interface FakePhoto {
  /** 0..DIMS-1: people with different numbers never match. Absent = no face. */
  person?: number;
  /** Presentation-attack verdict; absent = the engine has no PAD model. */
  live?: boolean;
  livenessScore?: number;
  /** The PAD model found no colour in the face (a greyscale capture): reported tampered, not live. */
  tampered?: boolean;
}

export const photo = (p: FakePhoto): Uint8Array => Buffer.from(JSON.stringify(p));

const goodQuality: QualityReport = {
  faceCount: 1,
  faceSize: 200,
  interOcular: 80,
  detectionScore: 0.99,
  sharpness: 300,
  brightness: 120,
  contrast: 50,
  yaw: 0,
  pitch: 0,
  roll: 0,
  failures: [],
};

export const fakeEngine: FaceEngine = {
  modelVersion: 'fake-v1',
  dims: DIMS,
  metric: 'cosine',
  analyze(bytes) {
    const seen = JSON.parse(Buffer.from(bytes).toString('utf8')) as FakePhoto;
    const timings = { decode: 1, detect: 1, align: 1, embed: 1, total: 4 };
    const analysis: FaceAnalysis = { width: 640, height: 480, faces: [], padded: false, timings };
    if (seen.person === undefined) return Promise.resolve(analysis);
    const embedding = new Float32Array(DIMS);
    embedding[seen.person] = 1;
    const point = { x: 0, y: 0 };
    const detection = {
      box: { x: 100, y: 100, width: 200, height: 200 },
      score: 0.99,
      landmarks: [point, point, point, point, point] as const,
    };
    const liveness =
      seen.live === undefined
        ? {}
        : {
            liveness: {
              score: seen.livenessScore ?? (seen.live ? 0.9 : 0.1),
              threshold: 0.5,
              live: seen.live,
              modelVersion: 'fake-pad-v1',
              ...(seen.tampered ? { tampered: 'no_colour' as const } : {}),
            },
          };
    return Promise.resolve({
      ...analysis,
      faces: [detection],
      primary: { detection, quality: goodQuality, embedding, ...liveness },
    });
  },
  similarity(a, b) {
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
    return dot;
  },
};

export interface Harness {
  app: FaceGateService;
  deps: AppDeps;
  /** The local blob store behind `deps.blobs` (signed-upload checks, finalize notifications). */
  blobs: FsBlobStore;
  /** The database behind `repos`, for looking at what is stored. */
  database: SqlDatabase;
  repos: Repositories;
  clock: FakeClock;
  bus: InProcessEventBus;
  /** Every security.alert.v1 published, in order. */
  alerts: EventPayload<'security.alert.v1'>[];
  client: Principal;
  operator: Principal;
  /** Enrolls `username` with the fake face of `person` (straight into the repositories), in the client's tenant or `principal`'s. */
  enrolled(username: string, person: number, principal?: Principal): Promise<string>;
  /** Waits for in-process deliveries (the alerts subscription) to finish. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  security?: Partial<SecurityPolicy>;
  webhooks?: WebhookSender;
  triage?: IncidentTriage;
  webhookAttempts?: number;
  /** Database to migrate and use; default a private in-memory SQLite database. */
  databaseUrl?: string;
  /** Template keys; default one random key `k1`. */
  keyring?: TemplateKeyring;
}

export async function securityHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new FakeClock('2026-01-01T00:00:00.000Z');
  const database = await createDatabase({ url: options.databaseUrl ?? 'sqlite::memory:' });
  await migrateToLatest(database);
  const cipher = new TemplateCipher(options.keyring ?? { activeKeyId: 'k1', keys: { k1: randomBytes(32) } });
  const repos = createSqlRepositories(database, { cipher, now: () => clock.nowMs() });
  const dir = await mkdtemp(path.join(tmpdir(), 'fg-security-'));
  const blobs = new FsBlobStore({
    rootDir: dir,
    publicBaseUrl: 'http://localhost:9999',
    signingSecret: randomBytes(32),
    clock,
  });
  const bus = new InProcessEventBus({ retryDelayMs: () => 0, onError: () => undefined });
  let keys: StoredKeys | null = null;
  const tokens = new TokenIssuer(
    new JwkSigningKeyStore(
      () => Promise.resolve(keys),
      (k) => {
        keys = k;
        return Promise.resolve();
      },
    ),
    clock,
    { issuer: 'http://localhost:9999', audience: 'facegate', ttlSeconds: 300 },
  );
  const defaults = loadConfig({});
  const deps: AppDeps = {
    repos,
    cipher,
    blobs,
    bus,
    burstLiveness: new LandmarkBurstCheck(),
    engines: {
      defaultVersion: fakeEngine.modelVersion,
      versions: [fakeEngine.modelVersion],
      get: () => Promise.resolve(fakeEngine),
    },
    tokens,
    clock,
    log: silentLogger,
    index: new TemplateIndex(repos, () => clock.nowMs()),
    match: { thresholdFor: () => 0.5, identifyMargin: 0.05, targetFar: '1e-3' },
    enrollQuality: {},
    upload: { maxBytes: 1024 * 1024, urlTtlSeconds: 300 },
    challengeTtlSeconds: 120,
    monitoring: defaults.monitoring,
    drift: defaults.drift,
    backend: 'fake',
    security: {
      padMode: 'enforce',
      lockout: DEFAULT_LOCKOUT_POLICY,
      rateLimits: { perIpPerMinute: 0, perKeyPerMinute: 0 },
      identifyProbing: { attempts: 0, windowMs: 300_000 },
      ...options.security,
    },
    // The local stack's sender: alert tests post to a receiver on this machine.
    webhooks: options.webhooks ?? new HttpWebhookSender({ allowPrivateAddresses: true }),
    alertDelivery: {
      attempts: options.webhookAttempts ?? 3,
      backoffMs: 5,
      timeoutMs: 2000,
      retryDelayMs: 60_000,
      maxRetryDelayMs: 3_600_000,
      retryForMs: 3 * 24 * 3_600_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    ...(options.triage ? { triage: options.triage } : {}),
  };
  const app = new FaceGateService(deps);
  const alerts: EventPayload<'security.alert.v1'>[] = [];
  await bus.subscribe('security.alert.v1', (event) => void alerts.push(event), { subscription: 'observer' });
  await bus.subscribe('security.alert.v1', (event) => app.onSecurityAlert(event), { subscription: 'alerts' });

  const tenant = await createTenantWithKeys(repos, 'Security test');
  const client = await app.authenticate(`Bearer ${tenant.clientKey}`);
  const operator = await app.authenticate(`Bearer ${tenant.operatorKey}`);

  return {
    app,
    deps,
    blobs,
    database,
    repos,
    clock,
    bus,
    alerts,
    client,
    operator,
    async enrolled(username, person, principal = client) {
      const t = repos.forTenant(principal.tenantId);
      const user = await t.users.create({ username });
      const capture = await t.captures.create({
        userId: user.id,
        kind: 'enroll',
        blobPath: blobKeys.enrollCapture(principal.tenantId, user.id, `cap_${username}`),
        generation: '1',
        contentType: 'image/jpeg',
        sizeBytes: 10,
      });
      const enrollment = await t.enrollments.create({ userId: user.id, captureId: capture.value.id });
      const embedding = new Float32Array(DIMS);
      embedding[person] = 1;
      await t.templates.add({
        userId: user.id,
        enrollmentId: enrollment.id,
        captureId: capture.value.id,
        modelVersion: fakeEngine.modelVersion,
        embedding,
        qualityScore: 0.99,
      });
      await t.enrollments.transition(enrollment.id, ['pending'], 'processing');
      await t.enrollments.transition(enrollment.id, ['processing'], 'active');
      deps.index.invalidate(principal.tenantId);
      return user.id;
    },
    idle: () => bus.idle(),
    async close() {
      await bus.close();
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
