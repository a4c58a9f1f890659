/**
 * The composition root: builds the object graph once per process (per function instance) and caches it, so warm
 * invocations reuse the database pool, clients and loaded models. Nothing else constructs adapters.
 */
import type { BurstLiveness } from './ports/burst-liveness.js';
import { LandmarkBurstCheck } from './face/burst/landmark-burst-check.js';
import path from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { loadConfig, type FacegateConfig } from './config/load-config.js';
import {
  createBlobStore,
  localSecrets,
  openDatabase,
  signingKeyStore,
  templateKeyring,
} from './compose-maintenance.js';
import { createSqlRepositories } from './adapters/sql/index.js';
import { PubSubEventBus } from './adapters/gcp/pubsub-event-bus.js';
import { OutboxEventBus } from './app/outbox-event-bus.js';
import { TemplateCipher } from './crypto/template-cipher.js';
import { TokenIssuer } from './auth/token-issuer.js';
import { createFaceEngine, type LoadedFaceEngine } from './face/create-face-engine.js';
import { LazyFaceEngines, type FaceEngines } from './face/face-engines.js';
import type { FaceEngine } from './face/face-engine.js';
import { PooledFaceEngines } from './face/pool/pooled-face-engines.js';
import type { BackendName } from './face/runtime/tf.js';
import { readModelManifest, type ModelManifest } from './face/models/model-manifest.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { BlobStore } from './ports/blob-store.js';
import type { EventBus } from './ports/event-bus.js';
import type { Repositories } from './ports/repositories.js';
import { FaceGateService } from './app/facegate-service.js';
import type { FaceGateApp } from './app/facegate-app.js';
import type { AppDeps, MatchPolicy } from './app/app-deps.js';
import { TemplateIndex } from './app/template-index.js';
import { manifestThreshold, TARGET_FAR, thresholdPolicy } from './app/model-thresholds.js';
import { TenantThresholds } from './app/tenant-thresholds.js';
import { thresholdMovedEvent } from './app/use-cases/threshold-moved.js';
import { publishEvent } from './app/use-cases/publish-event.js';
import { jsonLogger, type Logger } from './app/logger.js';
import type { LocalUploadReceiver } from './local/local-upload-receiver.js';
import { HttpWebhookSender } from './adapters/http/http-webhook-sender.js';
import { GeminiIncidentTriage } from './adapters/gcp/gemini-incident-triage.js';
import type { AlertDeliveryPolicy, SecurityPolicy } from './app/app-deps.js';
import { SqlOidcPayloadStore } from './adapters/sql/oidc-payload-store.js';
import type { OidcPayloadStore } from './ports/oidc-payloads.js';
import { OidcClients } from './oidc/oidc-clients.js';
import { TenantProviders } from './oidc/tenant-providers.js';

export interface Composition {
  app: FaceGateApp;
  config: Readonly<FacegateConfig>;
  repos: Repositories;
  blobs: BlobStore;
  bus: EventBus;
  /** The engine of the manifest's default version; `engines` holds every version (in worker threads or here). */
  engine: FaceEngine & { readonly backend: BackendName };
  engines: FaceEngines;
  /** What the use cases run on, for commands that call use cases outside the FaceGateApp facade (models:*). */
  deps: AppDeps;
  log: Logger;
  /** Local stack only: accepts PUTs to signed local upload URLs. */
  localUploads?: LocalUploadReceiver;
  /** Built web client to serve at `/`, when present. */
  webDir?: string;
  /** Each tenant's OpenID Provider and its registered clients (served by shared/oidc/oidc-door.ts). */
  oidc: { providers: TenantProviders; clients: OidcClients; payloads: OidcPayloadStore };
  /** Publishes the events parked while Pub/Sub was unreachable that are due; @returns how many. */
  relayOutbox(): Promise<number>;
  /** Resolves when in-process work triggered so far (embeds, event deliveries) has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ComposeOverrides {
  clock?: Clock;
  log?: Logger;
  /** Reuse an already-loaded engine (tests build several stacks in one process). */
  engine?: LoadedFaceEngine;
  /** Multi-frame liveness (default: the landmark adapter on the tenant's engine). */
  burstLiveness?: BurstLiveness;
}

/** Each model version's threshold from the manifest (FACEGATE_VERIFY_THRESHOLD overrides single networks'). */
export function matchPolicy(
  config: Readonly<FacegateConfig>,
  manifest: ModelManifest = readModelManifest(),
): MatchPolicy {
  return {
    thresholdFor: (modelVersion) => manifestThreshold(manifest, modelVersion, config.verifyThreshold),
    policyFor: (modelVersion) => thresholdPolicy(manifest, modelVersion, config.verifyThreshold),
    identifyMargin: config.identifyMargin,
    targetFar: TARGET_FAR,
  };
}

/**
 * Locally, the subscribers that Pub/Sub triggers run in the cloud: capture observations are stored for the drift
 * check (the `driftObserve` function's job), and drift events are logged.
 */
async function subscribeLocalMonitoring(bus: EventBus, app: FaceGateApp, log: Logger): Promise<void> {
  await bus.subscribe('capture.observed.v1', (event) => app.onCaptureObserved(event), {
    subscription: 'drift-observations',
  });
  await bus.subscribe(
    'drift.detected.v1',
    (event) =>
      log[event.severity === 'alert' ? 'error' : 'warn'](`drift detected on ${event.feature}`, {
        tenantId: event.tenantId,
        statistic: event.statistic,
        value: event.value,
        threshold: event.threshold,
        reportId: event.reportId,
      }),
    { subscription: 'drift-log' },
  );
}

/** Lockout, rate limits and identify-probing detection from the configuration. */
export function securityPolicy(config: Readonly<FacegateConfig>): SecurityPolicy {
  return {
    padMode: config.padMode,
    lockout: {
      threshold: config.lockout.threshold,
      baseDelayMs: config.lockout.baseSeconds * 1000,
      maxDelayMs: config.lockout.maxSeconds * 1000,
      alertAfter: config.lockout.alertAfter,
      accountCap: config.lockout.accountCap,
    },
    rateLimits: config.rateLimits,
    identifyProbing: {
      attempts: config.identifyProbing.attempts,
      windowMs: config.identifyProbing.windowSeconds * 1000,
    },
  };
}

/** Webhook delivery: `attempts` POSTs 1 s, 2 s… apart; later runs 1 min, 2 min… up to 1 h apart, for 3 days. */
export function alertDeliveryPolicy(config: Readonly<FacegateConfig>): AlertDeliveryPolicy {
  return {
    attempts: config.webhookAttempts,
    backoffMs: 1000,
    timeoutMs: 5000,
    retryDelayMs: 60_000,
    maxRetryDelayMs: 3_600_000,
    retryForMs: 3 * 24 * 3_600_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

let cached: Promise<Composition> | undefined;

/** The process-wide composition, built on first use from `process.env`. */
export function compose(env: NodeJS.ProcessEnv = process.env): Promise<Composition> {
  cached ??= buildComposition(env).catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

export { composeMaintenance, type MaintenanceComposition } from './compose-maintenance.js';

/**
 * The face engines: in FACEGATE_FACE_WORKERS worker threads (one tfjs runtime each, the event loop left free), or
 * on this thread when it is 0 or a test hands in an already loaded engine.
 */
async function faceEngines(
  config: Readonly<FacegateConfig>,
  manifest: ModelManifest,
  loaded: LoadedFaceEngine | undefined,
): Promise<{ engines: FaceEngines; engine: Composition['engine']; pool?: PooledFaceEngines }> {
  const pad = config.pad === undefined ? {} : { pad: config.pad };
  if (loaded || config.faceWorkers === 0) {
    const engine = loaded ?? (await createFaceEngine({ manifest, ...pad }));
    return { engines: new LazyFaceEngines(engine, manifest), engine };
  }
  const pool = await PooledFaceEngines.start({ threads: config.faceWorkers, manifest, ...pad });
  return { engines: pool, engine: await pool.base(), pool };
}

/** Build a fresh, uncached composition (tests use this with literal env objects). */
export async function buildComposition(env: NodeJS.ProcessEnv, overrides: ComposeOverrides = {}): Promise<Composition> {
  const config = loadConfig(env);
  const clock = overrides.clock ?? systemClock;
  const log =
    overrides.log ??
    jsonLogger(
      config.logLevel === 'debug'
        ? 'DEBUG'
        : config.logLevel === 'warn'
          ? 'WARNING'
          : config.logLevel === 'error'
            ? 'ERROR'
            : 'INFO',
    );
  const secrets = localSecrets(config.dataDir);

  const cipher = new TemplateCipher(await templateKeyring(config, secrets));

  const manifest = readModelManifest();
  const [db, { engines, engine, pool }] = await Promise.all([
    openDatabase(config),
    faceEngines(config, manifest, overrides.engine),
  ]);
  const repos = createSqlRepositories(db, { cipher, now: () => clock.nowMs() });

  const { blobs, fsBlobs } = await createBlobStore(config, secrets, clock, log);

  // The local adapters are imported only when configured, so deployed bundles leave them out (function-bundle.ts).
  const inProcess =
    config.events.backend === 'inprocess'
      ? new (await import('./adapters/local/in-process-event-bus.js')).InProcessEventBus({
          onError: (error, info) => log.error('event delivery failed', { error: String(error), topic: info.topic }),
        })
      : undefined;
  // Pub/Sub can be unreachable: what cannot be published waits in the outbox (migration 0011) instead of being lost.
  let bus: EventBus;
  let outboxBus: OutboxEventBus | undefined;
  if (inProcess) bus = inProcess;
  else {
    const pubsub = new PubSubEventBus({
      pubsub: new PubSub({ projectId: (config.events as { projectId: string }).projectId }),
      topicPrefix: (config.events as { topicPrefix: string }).topicPrefix,
    });
    bus = outboxBus = new OutboxEventBus(pubsub, repos.outbox, clock, log);
  }

  const keyStore = signingKeyStore(config, secrets);
  const tokens = new TokenIssuer(keyStore, clock, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.tokenTtlSeconds,
  });
  const index = new TemplateIndex(repos, () => clock.nowMs());
  const match = matchPolicy(config, manifest);
  const thresholds = new TenantThresholds(
    index,
    (version) => match.policyFor!(version),
    () => clock.nowMs(),
    (move) =>
      publishEvent({ bus, clock }, 'drift.detected.v1', thresholdMovedEvent(move, clock.nowMs())).then(() => undefined),
  );
  const deps: AppDeps = {
    repos,
    cipher,
    blobs,
    bus,
    engines,
    burstLiveness: overrides.burstLiveness ?? new LandmarkBurstCheck(),
    tokens,
    clock,
    log,
    index,
    match,
    thresholds,
    enrollQuality: {},
    upload: config.upload,
    backend: engine.backend,
    monitoring: config.monitoring,
    drift: config.drift,
    challengeTtlSeconds: config.challengeTtlSeconds,
    passkeyOrigins: [new URL(config.publicUrl).origin],
    security: securityPolicy(config),
    webhooks: new HttpWebhookSender({ allowPrivateAddresses: config.webhookAllowPrivate }),
    alertDelivery: alertDeliveryPolicy(config),
    ...(config.triage ? { triage: new GeminiIncidentTriage(config.triage) } : {}),
  };
  const app = new FaceGateService(deps);
  const oidcPayloads = new SqlOidcPayloadStore(db, () => clock.nowMs(), cipher);
  const oidcProviders = new TenantProviders({
    repos,
    payloads: oidcPayloads,
    signingKeys: keyStore,
    issuer: config.jwt.issuer,
    lifetimes: { sessionSeconds: config.oidc.sessionTtlSeconds },
    now: () => clock.nowMs(),
    trustProxy: config.trustedProxyHops > 0,
    log,
  });
  const oidc = {
    providers: oidcProviders,
    clients: new OidcClients(oidcProviders, oidcPayloads),
    payloads: oidcPayloads,
  };
  if (inProcess) await subscribeLocalMonitoring(inProcess, app, log);
  // Locally the alerts function is this subscription: raised alerts are recorded and sent at once.
  await inProcess?.subscribe('security.alert.v1', (event) => app.onSecurityAlert(event), { subscription: 'alerts' });

  let localUploads: LocalUploadReceiver | undefined;
  if (fsBlobs) {
    const { LocalUploadReceiver } = await import('./local/local-upload-receiver.js');
    localUploads = new LocalUploadReceiver(fsBlobs, clock);
    // Locally, the bucket's finalize trigger is this listener: an upload runs the embed step at once.
    fsBlobs.onFinalized((event) =>
      app.onObjectFinalized({
        bucket: event.bucket,
        name: event.name,
        generation: event.generation,
        contentType: event.contentType,
        size: Number(event.size),
      }),
    );
  }

  const webDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'web', 'dist');
  return {
    app,
    config,
    repos,
    blobs,
    bus,
    engine,
    engines,
    deps,
    log,
    ...(localUploads ? { localUploads } : {}),
    webDir,
    oidc,
    relayOutbox: () => outboxBus?.relay() ?? Promise.resolve(0),
    async idle() {
      await fsBlobs?.idle();
      await inProcess?.idle?.();
    },
    async close() {
      await fsBlobs?.idle();
      await bus.close();
      await db.close();
      await pool?.close();
    },
  };
}
