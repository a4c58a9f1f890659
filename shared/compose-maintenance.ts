/**
 * The storage half of the composition root (shared/compose.ts builds the rest on it): database, blob store, keys.
 * It imports nothing of the face runtime, so what only needs storage — the retention function, key rotation — loads
 * and ships without TensorFlow.js, the models or sharp (scripts/lib/function-bundle.ts traces these imports). The
 * local adapters (data-dir secrets, filesystem blobs) are imported on first use, so deployed bundles leave them out.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Storage } from '@google-cloud/storage';
import { loadConfig, type FacegateConfig } from './config/load-config.js';
import { createDatabase, createSqlRepositories, migrateToLatest, type SqlDatabase } from './adapters/sql/index.js';
import type { FsBlobStore } from './adapters/local/fs-blob-store.js';
import { GcsBlobStore } from './adapters/gcp/gcs-blob-store.js';
import { TemplateCipher, type TemplateKeyring } from './crypto/template-cipher.js';
import { SqlOidcPayloadStore } from './adapters/sql/oidc-payload-store.js';
import { deployedSigningKeyStore, JwkSigningKeyStore, type SigningKeyStore } from './auth/signing-keys.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { BlobStore } from './ports/blob-store.js';
import type { Repositories } from './ports/repositories.js';
import { jsonLogger, type Logger } from './app/logger.js';
import type { LocalSecrets } from './local/local-secrets.js';

/**
 * The data dir's secrets file, loaded on first use: a deployed function takes its keys from the environment and
 * never loads the local adapter, so the build leaves it out of the bundle.
 */
export type LocalSecretsSource = () => Promise<LocalSecrets>;

export function localSecrets(dataDir: string): LocalSecretsSource {
  let loaded: Promise<LocalSecrets> | undefined;
  return () => (loaded ??= import('./local/local-secrets.js').then(({ LocalSecrets }) => new LocalSecrets(dataDir)));
}

/** The overrides maintenance commands take (tests pass a fake clock, a silent logger). */
export interface MaintenanceOverrides {
  clock?: Clock;
  log?: Logger;
}

export async function openDatabase(config: Readonly<FacegateConfig>): Promise<SqlDatabase> {
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
  // In the cloud the deploy step migrates (`npm run db:migrate`): the functions' users have no DDL rights.
  if (config.database.migrateOnStart) await migrateToLatest(db);
  return db;
}

/**
 * The template keyring: the configured key (with any retired keys of a rotation in progress) when set, else the
 * local data dir's generated keyring.
 */
export async function templateKeyring(
  config: Readonly<FacegateConfig>,
  secrets: LocalSecretsSource,
): Promise<TemplateKeyring> {
  if (config.templateKey) {
    return {
      activeKeyId: config.templateKeyId,
      keys: { ...config.retiredTemplateKeys, [config.templateKeyId]: config.templateKey },
    };
  }
  if (config.blob.backend !== 'local') throw new Error('FACEGATE_TEMPLATE_KEY is required outside the local stack');
  return (await secrets()).templateKeyring();
}

export async function createBlobStore(
  config: Readonly<FacegateConfig>,
  secrets: LocalSecretsSource,
  clock: Clock,
  log: Logger,
): Promise<{ blobs: BlobStore; fsBlobs?: FsBlobStore }> {
  if (config.blob.backend === 'gcs') {
    return { blobs: new GcsBlobStore({ storage: new Storage(), bucket: config.blob.bucket, clock }) };
  }
  const { FsBlobStore } = await import('./adapters/local/fs-blob-store.js');
  const fsBlobs = new FsBlobStore({
    rootDir: path.join(config.dataDir, 'blobs'),
    publicBaseUrl: config.publicUrl,
    signingSecret: config.localUploadSecret ?? (await (await secrets()).bytes('uploadSecret')),
    clock,
    onListenerError: (error) => log.error('local embed failed', { error: String(error) }),
  });
  return { blobs: fsBlobs, fsBlobs };
}

/** Deployed keys (Secret Manager, rotated by a new secret version) when configured, else the data dir's. */
export function signingKeyStore(config: Readonly<FacegateConfig>, secrets: LocalSecretsSource): SigningKeyStore {
  return config.jwt.signingKeys
    ? deployedSigningKeyStore(config.jwt.signingKeys)
    : new JwkSigningKeyStore(
        async () => (await secrets()).signingKeys(),
        async (keys) => (await secrets()).saveSigningKeys(keys),
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
  /** The template keys, which also seal stored photos and webhook secrets. */
  cipher: TemplateCipher;
  /** The OpenID Provider's stored documents (registered clients' secrets are sealed under `cipher`). */
  oidcPayloads: SqlOidcPayloadStore;
  /** The data dir's secrets file (keys generated for a local stack), loaded on first use. */
  secrets: LocalSecretsSource;
  close(): Promise<void>;
}

/** The storage half of the composition, for maintenance commands and scheduled jobs. */
export async function composeMaintenance(
  env: NodeJS.ProcessEnv,
  overrides: MaintenanceOverrides = {},
): Promise<MaintenanceComposition> {
  const config = loadConfig(env);
  const clock = overrides.clock ?? systemClock;
  const log = overrides.log ?? jsonLogger(config.logLevel === 'debug' ? 'DEBUG' : 'INFO');
  const secrets = localSecrets(config.dataDir);
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
    cipher,
    oidcPayloads: new SqlOidcPayloadStore(db, () => clock.nowMs(), cipher),
    secrets,
    async close() {
      await fsBlobs?.idle();
      await db.close();
    },
  };
}
