/**
 * The composition root: builds the object graph once per process (per function instance) and caches it, so warm
 * invocations reuse the database pool, clients and loaded models. Nothing else constructs adapters.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { loadConfig, type FacegateConfig } from './config/load-config.js';
import { createDatabase, createSqlRepositories, migrateToLatest, type SqlDatabase } from './adapters/sql/index.js';
import { FsBlobStore } from './adapters/local/fs-blob-store.js';
import { InProcessEventBus } from './adapters/local/in-process-event-bus.js';
import { GcsBlobStore } from './adapters/gcp/gcs-blob-store.js';
import { PubSubEventBus } from './adapters/gcp/pubsub-event-bus.js';
import { TemplateCipher, type TemplateKeyring } from './crypto/template-cipher.js';
import { deployedSigningKeyStore, JwkSigningKeyStore, type SigningKeyStore } from './auth/signing-keys.js';
import { TokenIssuer } from './auth/token-issuer.js';
import { createFaceEngine, type LoadedFaceEngine } from './face/create-face-engine.js';
import { LazyFaceEngines, type FaceEngines } from './face/face-engines.js';
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
import { LocalSecrets } from './local/local-secrets.js';
import { LocalUploadReceiver } from './local/local-upload-receiver.js';
import { FetchWebhookSender } from './adapters/http/fetch-webhook-sender.js';
import { GeminiIncidentTriage } from './adapters/gcp/gemini-incident-triage.js';
import type { AlertDeliveryPolicy, SecurityPolicy } from './app/app-deps.js';

export interface Composition {
  app: FaceGateApp;
  config: Readonly<FacegateConfig>;
  repos: Repositories;
  blobs: BlobStore;
  bus: EventBus;
  /** The engine of the manifest's default version; `engines` holds every version, sharing its detector. */
  engine: LoadedFaceEngine;
  engines: FaceEngines;
  /** What the use cases run on, for commands that call use cases outside the FaceGateApp facade (models:*). */
  deps: AppDeps;
  log: Logger;
  /** Local stack only: accepts PUTs to signed local upload URLs. */
  localUploads?: LocalUploadReceiver;
  /** Built web client to serve at `/`, when present. */
  webDir?: string;
  /** Resolves when in-process work triggered so far (embeds, event deliveries) has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ComposeOverrides {
  clock?: Clock;
  log?: Logger;
  /** Reuse an already-loaded engine (tests build several stacks in one process). */
  engine?: LoadedFaceEngine;
}

/** Each model version's threshold from the manifest (FACEGATE_VERIFY_THRESHOLD overrides all of them). */
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
      log.log(event.severity === 'alert' ? 'ERROR' : 'WARNING', `drift detected on ${event.feature}`, {
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

async function openDatabase(config: Readonly<FacegateConfig>): Promise<SqlDatabase> {
  if (config.database.kind === 'sqlite')
    await mkdir(path.dirname(path.resolve(config.database.path)), { recursive: true });
  const db = await createDatabase({
    url: config.database.url,
    ...(config.database.kind === 'mysql' && config.database.cloudSqlInstance
      ? {
          cloudSql: {
            instanceConnectionName: config.database.cloudSqlInstance,
            ipType: config.database.cloudSqlIpType,
            iamAuth: config.database.cloudSqlIamAuth,
          },
        }
      : {}),
  });
  await migrateToLatest(db);
  return db;
}

/**
 * The template keyring: the configured key (with any retired keys of a rotation in progress) when set, else the
 * local data dir's generated keyring.
 */
async function templateKeyring(config: Readonly<FacegateConfig>, secrets: LocalSecrets): Promise<TemplateKeyring> {
  if (config.templateKey) {
    return {
      activeKeyId: config.templateKeyId,
      keys: { ...config.retiredTemplateKeys, [config.templateKeyId]: config.templateKey },
    };
  }
  if (config.blob.backend !== 'local') throw new Error('FACEGATE_TEMPLATE_KEY is required outside the local stack');
  return secrets.templateKeyring();
}

async function createBlobStore(
  config: Readonly<FacegateConfig>,
  secrets: LocalSecrets,
  clock: Clock,
  log: Logger,
): Promise<{ blobs: BlobStore; fsBlobs?: FsBlobStore }> {
  if (config.blob.backend === 'gcs') {
    return { blobs: new GcsBlobStore({ storage: new Storage(), bucket: config.blob.bucket, clock }) };
  }
  const fsBlobs = new FsBlobStore({
    rootDir: path.join(config.dataDir, 'blobs'),
    publicBaseUrl: config.publicUrl,
    signingSecret: config.localUploadSecret ?? (await secrets.bytes('uploadSecret')),
    clock,
    onListenerError: (error) => log.log('ERROR', 'local embed failed', { error: String(error) }),
  });
  return { blobs: fsBlobs, fsBlobs };
}

/** Deployed keys (Secret Manager, rotated by a new secret version) when configured, else the data dir's. */
function signingKeyStore(config: Readonly<FacegateConfig>, secrets: LocalSecrets): SigningKeyStore {
  return config.jwt.signingKeys
    ? deployedSigningKeyStore(config.jwt.signingKeys)
    : new JwkSigningKeyStore(
        () => secrets.signingKeys(),
        (keys) => secrets.saveSigningKeys(keys),
      );
}

/** What maintenance commands (key rotation, retention) work on: storage and keys, no face engine, no events. */
export interface MaintenanceComposition {
  config: Readonly<FacegateConfig>;
  repos: Repositories;
  blobs: BlobStore;
  clock: Clock;
  log: Logger;
  signingKeys: SigningKeyStore;
  /** The template keyring in use; `local` when it lives in the data dir (the command may rotate it there). */
  templateKeys: { activeKeyId: string; keyIds: string[]; local: boolean };
  /** The data dir's secrets file (keys generated for a local stack). */
  secrets: LocalSecrets;
  close(): Promise<void>;
}

/** The storage half of the composition, for maintenance commands and scheduled jobs. */
export async function composeMaintenance(
  env: NodeJS.ProcessEnv,
  overrides: Pick<ComposeOverrides, 'clock' | 'log'> = {},
): Promise<MaintenanceComposition> {
  const config = loadConfig(env);
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? jsonLogger(config.logLevel === 'debug' ? 'DEBUG' : 'INFO');
  const secrets = new LocalSecrets(config.dataDir);
  const cipher = new TemplateCipher(await templateKeyring(config, secrets));
  const db = await openDatabase(config);
  const repos = createSqlRepositories(db, { cipher, now: () => clock.nowMs() });
  const { blobs, fsBlobs } = await createBlobStore(config, secrets, clock, log);
  return {
    config,
    repos,
    blobs,
    clock,
    log,
    signingKeys: signingKeyStore(config, secrets),
    templateKeys: { activeKeyId: cipher.activeKeyId, keyIds: cipher.keyIds, local: !config.templateKey },
    secrets,
    async close() {
      await fsBlobs?.idle();
      await db.close();
    },
  };
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
  const secrets = new LocalSecrets(config.dataDir);

  const cipher = new TemplateCipher(await templateKeyring(config, secrets));

  const manifest = readModelManifest();
  const [db, engine] = await Promise.all([
    openDatabase(config),
    overrides.engine ?? createFaceEngine({ manifest, ...(config.pad === undefined ? {} : { pad: config.pad }) }),
  ]);
  const engines = new LazyFaceEngines(engine, manifest);
  const repos = createSqlRepositories(db, { cipher, now: () => clock.nowMs() });

  const { blobs, fsBlobs } = await createBlobStore(config, secrets, clock, log);

  const inProcess =
    config.events.backend === 'inprocess'
      ? new InProcessEventBus({
          onError: (error, info) =>
            log.log('ERROR', 'event delivery failed', { error: String(error), topic: info.topic }),
        })
      : undefined;
  const bus: EventBus =
    inProcess ??
    new PubSubEventBus({
      pubsub: new PubSub({ projectId: (config.events as { projectId: string }).projectId }),
      topicPrefix: (config.events as { topicPrefix: string }).topicPrefix,
    });

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
    blobs,
    bus,
    engines,
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
    security: securityPolicy(config),
    webhooks: new FetchWebhookSender(),
    alertDelivery: alertDeliveryPolicy(config),
    ...(config.triage ? { triage: new GeminiIncidentTriage(config.triage) } : {}),
  };
  const app = new FaceGateService(deps);
  if (inProcess) await subscribeLocalMonitoring(inProcess, app, log);
  // Locally the alerts function is this subscription: raised alerts are recorded and sent at once.
  await inProcess?.subscribe('security.alert.v1', (event) => app.onSecurityAlert(event), { subscription: 'alerts' });

  let localUploads: LocalUploadReceiver | undefined;
  if (fsBlobs) {
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
    async idle() {
      await fsBlobs?.idle();
      await inProcess?.idle?.();
    },
    async close() {
      await fsBlobs?.idle();
      await bus.close();
      await db.close();
    },
  };
}
