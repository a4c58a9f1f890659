import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { configTableMarkdown, configVariables } from './config-variables.js';
import { loadConfig, readVariableNames } from './load-config.js';
import { generateSigningJwk } from '../auth/signing-keys.js';

const KEY_32 = Buffer.alloc(32, 7).toString('base64');

function issuesOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.issues.map((i) => [i.variable, i.message]));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs locally from an empty environment with documented defaults', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 8080,
      dataDir: './.facegate',
      database: {
        kind: 'sqlite',
        url: 'sqlite:.facegate/facegate.sqlite',
        path: '.facegate/facegate.sqlite',
        migrateOnStart: true,
      },
      publicUrl: 'http://localhost:8080',
      blob: { backend: 'local' },
      events: { backend: 'inprocess' },
      templateKey: undefined,
      templateKeyId: 'k1',
      retiredTemplateKeys: {},
      localUploadSecret: undefined,
      jwt: { issuer: 'http://localhost:8080', audience: 'facegate', tokenTtlSeconds: 300, signingKeys: undefined },
      challengeTtlSeconds: 120,
      oidc: { sessionTtlSeconds: 600 },
      upload: { maxBytes: 8 * 1024 * 1024, urlTtlSeconds: 300 },
      tfBackend: undefined,
      faceWorkers: availableParallelism(),
      logLevel: 'info',
      verifyThreshold: undefined,
      pad: undefined,
      identifyMargin: 0.05,
      retention: { loginCaptureDays: 30, attemptClientDays: 90, abandonedEnrollmentDays: 30 },
      monitoring: { frrLinkWindowMs: 600_000, metricsMaxAttempts: 100_000 },
      drift: {
        checkIntervalSeconds: 3600,
        recentWindowMs: 24 * 3_600_000,
        referenceWindowMs: 168 * 3_600_000,
        minSamples: 30,
        minTemplates: 10,
        maxSamples: 50_000,
        psiWarning: 0.1,
        psiAlert: 0.25,
        ksAlpha: 0.01,
        ksMinStatistic: 0.1,
        genuineScoreShift: 0.05,
        centroidShift: 3,
      },
      padMode: 'enforce',
      rateLimits: { perIpPerMinute: 300, perKeyPerMinute: 3000, keySharePerMinute: 10 },
      trustedProxyHops: 1,
      webhookAllowPrivate: true,
      lockout: { threshold: 5, baseSeconds: 30, maxSeconds: 3600, alertAfter: 3, accountCap: 20 },
      identifyProbing: { attempts: 10, windowSeconds: 300 },
      webhookAttempts: 3,
      triage: undefined,
    });
  });

  it('reads a template keyring mid-rotation: the active key with its id, and the retired keys', () => {
    const old = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig({
      FACEGATE_TEMPLATE_KEY: KEY_32,
      FACEGATE_TEMPLATE_KEY_ID: 'k2',
      FACEGATE_TEMPLATE_RETIRED_KEYS: `k1:${old}, k0:${KEY_32}`,
    });
    expect(config.templateKeyId).toBe('k2');
    expect(Object.keys(config.retiredTemplateKeys)).toEqual(['k1', 'k0']);
    expect(Buffer.from(config.retiredTemplateKeys['k1']!).toString('base64')).toBe(old);
  });

  it('refuses a malformed retired key list, one naming the active id, or one without an active key', () => {
    expect(issuesOf({ FACEGATE_TEMPLATE_KEY: KEY_32, FACEGATE_TEMPLATE_RETIRED_KEYS: 'k1' })).toHaveProperty(
      'FACEGATE_TEMPLATE_RETIRED_KEYS',
    );
    expect(
      issuesOf({
        FACEGATE_TEMPLATE_KEY: KEY_32,
        FACEGATE_TEMPLATE_RETIRED_KEYS: `k0:${Buffer.alloc(16).toString('base64')}`,
      }),
    ).toHaveProperty('FACEGATE_TEMPLATE_RETIRED_KEYS');
    expect(issuesOf({ FACEGATE_TEMPLATE_KEY: KEY_32, FACEGATE_TEMPLATE_RETIRED_KEYS: `k1:${KEY_32}` })).toEqual({
      FACEGATE_TEMPLATE_RETIRED_KEYS: 'must not name the active key id (FACEGATE_TEMPLATE_KEY_ID)',
    });
    expect(issuesOf({ FACEGATE_TEMPLATE_RETIRED_KEYS: `k0:${KEY_32}` })).toEqual({
      FACEGATE_TEMPLATE_KEY: 'required when FACEGATE_TEMPLATE_RETIRED_KEYS is set',
    });
    expect(issuesOf({ FACEGATE_TEMPLATE_KEY_ID: 'no spaces' })).toHaveProperty('FACEGATE_TEMPLATE_KEY_ID');
  });

  it('reads the security settings and the optional triage model, and checks them', () => {
    const config = loadConfig({
      FACEGATE_PAD_MODE: 'observe',
      FACEGATE_RATE_LIMIT_PER_IP: '0',
      FACEGATE_RATE_LIMIT_PER_KEY: '100',
      FACEGATE_LOCKOUT_THRESHOLD: '10',
      FACEGATE_LOCKOUT_ACCOUNT_CAP: '40',
      FACEGATE_LOCKOUT_BASE_SECONDS: '60',
      FACEGATE_LOCKOUT_MAX_SECONDS: '7200',
      FACEGATE_ALERT_AFTER_FAILURES: '4',
      FACEGATE_IDENTIFY_PROBING_ATTEMPTS: '25',
      FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS: '900',
      FACEGATE_WEBHOOK_ATTEMPTS: '5',
      FACEGATE_TRIAGE_MODEL: 'gemini-2.5-flash',
      FACEGATE_TRIAGE_PROJECT: 'acme-prod',
    });
    expect(config.padMode).toBe('observe');
    expect(config.rateLimits).toEqual({ perIpPerMinute: 0, perKeyPerMinute: 100, keySharePerMinute: 10 });
    expect(config.lockout).toEqual({ threshold: 10, baseSeconds: 60, maxSeconds: 7200, alertAfter: 4, accountCap: 40 });
    expect(Object.keys(issuesOf({ FACEGATE_LOCKOUT_THRESHOLD: '30' }))).toEqual(['FACEGATE_LOCKOUT_ACCOUNT_CAP']);
    expect(config.identifyProbing).toEqual({ attempts: 25, windowSeconds: 900 });
    expect(config.webhookAttempts).toBe(5);
    expect(config.triage).toEqual({ model: 'gemini-2.5-flash', project: 'acme-prod', location: 'us-central1' });
    expect(Object.keys(issuesOf({ FACEGATE_TRIAGE_MODEL: 'gemini-2.5-flash' }))).toEqual(['FACEGATE_TRIAGE_PROJECT']);
    expect(Object.keys(issuesOf({ FACEGATE_LOCKOUT_BASE_SECONDS: '10' }))).toEqual(['FACEGATE_LOCKOUT_BASE_SECONDS']);
    expect(
      Object.keys(issuesOf({ FACEGATE_LOCKOUT_BASE_SECONDS: '600', FACEGATE_LOCKOUT_MAX_SECONDS: '300' })),
    ).toEqual(['FACEGATE_LOCKOUT_MAX_SECONDS']);
    expect(loadConfig({ FACEGATE_IDENTIFY_PROBING_ATTEMPTS: '0' }).identifyProbing.attempts).toBe(0);
    expect(
      Object.keys(
        issuesOf({ FACEGATE_IDENTIFY_PROBING_ATTEMPTS: '-1', FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS: '86401' }),
      ),
    ).toEqual(['FACEGATE_IDENTIFY_PROBING_ATTEMPTS', 'FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS']);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt)).toBe(true);
    expect(() => {
      (config.upload as { maxBytes: number }).maxBytes = 1;
    }).toThrow(TypeError);
  });

  it('reads a full production environment', () => {
    const config = loadConfig({
      PORT: '9000',
      FACEGATE_DATA_DIR: '/var/facegate',
      FACEGATE_DB_URL: 'mysql://facegate:pw@10.0.0.3:3306/facegate',
      FACEGATE_CLOUD_SQL_INSTANCE: 'acme-prod:europe-west1:facegate',
      FACEGATE_PUBLIC_URL: 'https://faces.example.com/',
      FACEGATE_BLOB_BACKEND: 'gcs',
      FACEGATE_GCS_BUCKET: 'acme-facegate-captures',
      FACEGATE_EVENT_BACKEND: 'pubsub',
      FACEGATE_PUBSUB_PROJECT_ID: 'acme-prod',
      FACEGATE_PUBSUB_TOPIC_PREFIX: 'prod-',
      FACEGATE_TEMPLATE_KEY: KEY_32,
      FACEGATE_JWT_ISSUER: 'https://faces.example.com',
      FACEGATE_JWT_AUDIENCE: 'acme-intranet',
      FACEGATE_UPLOAD_MAX_BYTES: '4194304',
      FACEGATE_UPLOAD_URL_TTL_SECONDS: '120',
      FACEGATE_TOKEN_TTL_SECONDS: '60',
      FACEGATE_TF_BACKEND: 'wasm',
      FACEGATE_LOG_LEVEL: 'warn',
      FACEGATE_VERIFY_THRESHOLD: '0.62',
      FACEGATE_IDENTIFY_MARGIN: '0.08',
    });
    expect(config.database).toEqual({
      kind: 'mysql',
      url: 'mysql://facegate:pw@10.0.0.3:3306/facegate',
      cloudSqlInstance: 'acme-prod:europe-west1:facegate',
      cloudSqlIpType: 'PRIVATE',
      cloudSqlIamAuth: false,
      migrateOnStart: true,
    });
    expect(config.publicUrl).toBe('https://faces.example.com');
    expect(config.blob).toEqual({ backend: 'gcs', bucket: 'acme-facegate-captures' });
    expect(config.events).toEqual({ backend: 'pubsub', projectId: 'acme-prod', topicPrefix: 'prod-' });
    expect(config.templateKey).toEqual(new Uint8Array(32).fill(7));
    expect(config.jwt).toEqual({
      issuer: 'https://faces.example.com',
      audience: 'acme-intranet',
      tokenTtlSeconds: 60,
      signingKeys: undefined,
    });
    expect(config.upload).toEqual({ maxBytes: 4194304, urlTtlSeconds: 120 });
    expect([config.port, config.tfBackend, config.logLevel]).toEqual([9000, 'wasm', 'warn']);
    expect([config.verifyThreshold, config.identifyMargin]).toEqual([0.62, 0.08]);
  });

  it('reaches Cloud SQL over a chosen IP type as the IAM user named in the URL', () => {
    const config = loadConfig({
      FACEGATE_DB_URL: 'mysql://facegate-api%40acme-prod.iam@localhost/facegate',
      FACEGATE_CLOUD_SQL_INSTANCE: 'acme-prod:europe-west1:facegate',
      FACEGATE_CLOUD_SQL_IP_TYPE: 'PUBLIC',
      FACEGATE_CLOUD_SQL_IAM_AUTH: 'true',
    });
    expect(config.database).toMatchObject({ kind: 'mysql', cloudSqlIpType: 'PUBLIC', cloudSqlIamAuth: true });
    expect(config.database.migrateOnStart).toBe(true);
    const issues = issuesOf({ FACEGATE_CLOUD_SQL_IP_TYPE: 'public', FACEGATE_CLOUD_SQL_IAM_AUTH: 'yes' });
    expect(Object.keys(issues).sort()).toEqual(['FACEGATE_CLOUD_SQL_IAM_AUTH', 'FACEGATE_CLOUD_SQL_IP_TYPE']);
    expect(issues['FACEGATE_CLOUD_SQL_IP_TYPE']).toMatch(/PUBLIC/);
    expect(issues['FACEGATE_CLOUD_SQL_IAM_AUTH']).toMatch(/true/);
  });

  it('leaves migrations to the deploy step when FACEGATE_DB_MIGRATE_ON_START=false', () => {
    expect(loadConfig({ FACEGATE_DB_MIGRATE_ON_START: 'false' }).database.migrateOnStart).toBe(false);
    expect(issuesOf({ FACEGATE_DB_MIGRATE_ON_START: 'no' })['FACEGATE_DB_MIGRATE_ON_START']).toMatch(/true/);
  });

  it('reads deployed JWT signing keys (newest first) and refuses anything but ES256 private JWKs', async () => {
    const newest = await generateSigningJwk();
    const previous = await generateSigningJwk();
    const config = loadConfig({ FACEGATE_JWT_SIGNING_KEYS: JSON.stringify([newest, previous]) });
    expect(config.jwt.signingKeys?.map((k) => k.kid)).toEqual([newest.kid, previous.kid]);
    const { d: _d, ...publicOnly } = newest;
    for (const bad of [
      'not json',
      '[]',
      '{}',
      JSON.stringify([publicOnly]),
      JSON.stringify([{ ...newest, kid: '' }]),
    ]) {
      expect(issuesOf({ FACEGATE_JWT_SIGNING_KEYS: bad }), bad).toHaveProperty('FACEGATE_JWT_SIGNING_KEYS');
    }
  });

  it('puts the default SQLite database under a custom data dir; sqlite URLs keep their path', () => {
    expect(loadConfig({ FACEGATE_DATA_DIR: '/tmp/fg' }).database).toMatchObject({ path: '/tmp/fg/facegate.sqlite' });
    expect(loadConfig({ FACEGATE_DB_URL: 'sqlite:///srv/fg.db' }).database).toMatchObject({ path: '/srv/fg.db' });
    expect(loadConfig({ FACEGATE_DB_URL: 'sqlite::memory:' }).database).toMatchObject({ path: ':memory:' });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', FACEGATE_TEMPLATE_KEY: '' })).toMatchObject({ port: 8080, templateKey: undefined });
  });

  it('lists every invalid variable at once', () => {
    const issues = issuesOf({
      PORT: '80a',
      FACEGATE_DB_URL: 'postgres://x/y',
      FACEGATE_PUBLIC_URL: 'ftp://example.com',
      FACEGATE_BLOB_BACKEND: 's3',
      FACEGATE_TEMPLATE_KEY: Buffer.alloc(16).toString('base64'),
      FACEGATE_LOCAL_UPLOAD_SECRET: 'not base64!',
      FACEGATE_UPLOAD_MAX_BYTES: '1',
      FACEGATE_TOKEN_TTL_SECONDS: '301',
      FACEGATE_TF_BACKEND: 'webgl',
      FACEGATE_LOG_LEVEL: 'verbose',
      FACEGATE_VERIFY_THRESHOLD: '1.5',
      FACEGATE_IDENTIFY_MARGIN: '-0.1',
    });
    expect(Object.keys(issues).sort()).toEqual(
      [
        'PORT',
        'FACEGATE_DB_URL',
        'FACEGATE_PUBLIC_URL',
        'FACEGATE_BLOB_BACKEND',
        'FACEGATE_TEMPLATE_KEY',
        'FACEGATE_LOCAL_UPLOAD_SECRET',
        'FACEGATE_UPLOAD_MAX_BYTES',
        'FACEGATE_TOKEN_TTL_SECONDS',
        'FACEGATE_TF_BACKEND',
        'FACEGATE_LOG_LEVEL',
        'FACEGATE_VERIFY_THRESHOLD',
        'FACEGATE_IDENTIFY_MARGIN',
      ].sort(),
    );
    expect(issues['FACEGATE_TEMPLATE_KEY']).toMatch(/32 bytes/);
  });

  it('names every variable in the error message', () => {
    expect(() => loadConfig({ PORT: '0', FACEGATE_LOG_LEVEL: 'loud' })).toThrow(
      /Invalid configuration:\n {2}- PORT: .+\n {2}- FACEGATE_LOG_LEVEL: /,
    );
  });

  it('requires the settings of the chosen cloud backends, and a template key for any cloud deployment', () => {
    expect(issuesOf({ FACEGATE_BLOB_BACKEND: 'gcs' })).toEqual({
      FACEGATE_GCS_BUCKET: 'required when FACEGATE_BLOB_BACKEND=gcs',
      FACEGATE_TEMPLATE_KEY: 'required when a cloud backend (gcs or pubsub) is used',
    });
    expect(Object.keys(issuesOf({ FACEGATE_EVENT_BACKEND: 'pubsub', FACEGATE_TEMPLATE_KEY: KEY_32 }))).toEqual([
      'FACEGATE_PUBSUB_PROJECT_ID',
    ]);
    expect(Object.keys(issuesOf({ FACEGATE_CLOUD_SQL_INSTANCE: 'p:r:i' }))).toEqual(['FACEGATE_DB_URL']);
  });

  it('reads the monitoring and drift settings and refuses an alert PSI below the warning PSI', () => {
    const config = loadConfig({
      FACEGATE_FRR_LINK_WINDOW_SECONDS: '120',
      FACEGATE_DRIFT_RECENT_HOURS: '1.5',
      FACEGATE_DRIFT_CHECK_INTERVAL_SECONDS: '0',
      FACEGATE_DRIFT_PSI_WARNING: '0.2',
      FACEGATE_DRIFT_PSI_ALERT: '0.4',
    });
    expect(config.monitoring.frrLinkWindowMs).toBe(120_000);
    expect(config.drift).toMatchObject({
      recentWindowMs: 5_400_000,
      checkIntervalSeconds: 0,
      psiWarning: 0.2,
      psiAlert: 0.4,
    });
    expect(issuesOf({ FACEGATE_DRIFT_PSI_WARNING: '0.3', FACEGATE_DRIFT_PSI_ALERT: '0.2' })).toEqual({
      FACEGATE_DRIFT_PSI_ALERT: 'must not be below FACEGATE_DRIFT_PSI_WARNING',
    });
    expect(Object.keys(issuesOf({ FACEGATE_DRIFT_KS_ALPHA: '2', FACEGATE_DRIFT_MIN_SAMPLES: 'many' })).sort()).toEqual([
      'FACEGATE_DRIFT_KS_ALPHA',
      'FACEGATE_DRIFT_MIN_SAMPLES',
    ]);
  });

  it('never defaults a secret', () => {
    const config = loadConfig({});
    expect(config.templateKey).toBeUndefined();
    expect(config.localUploadSecret).toBeUndefined();
    for (const variable of configVariables.filter((v) => v.secret))
      expect(variable.default, variable.name).toBeUndefined();
  });

  it('documents exactly the variables it reads, each with a description', () => {
    expect(configVariables.map((v) => v.name).sort()).toEqual([...readVariableNames].sort());
    for (const variable of configVariables) expect(variable.description.length, variable.name).toBeGreaterThan(10);
  });

  it('reads FACEGATE_PAD as off (false) or a model id', () => {
    expect(loadConfig({ FACEGATE_PAD: 'off' }).pad).toBe(false);
    expect(loadConfig({ FACEGATE_PAD: 'pad-lbp-v1' }).pad).toBe('pad-lbp-v1');
    expect(() => loadConfig({ FACEGATE_PAD: 'No Such' })).toThrow(/FACEGATE_PAD/);
  });

  it('reads FACEGATE_FACE_WORKERS as a worker count, one per core when unset, 0 = on the request thread', () => {
    expect(loadConfig({}).faceWorkers).toBe(availableParallelism());
    expect(loadConfig({ FACEGATE_FACE_WORKERS: '0' }).faceWorkers).toBe(0);
    expect(loadConfig({ FACEGATE_FACE_WORKERS: '3' }).faceWorkers).toBe(3);
    expect(() => loadConfig({ FACEGATE_FACE_WORKERS: '-1' })).toThrow(/FACEGATE_FACE_WORKERS/);
    expect(() => loadConfig({ FACEGATE_FACE_WORKERS: 'all' })).toThrow(/FACEGATE_FACE_WORKERS/);
  });

  it('renders the README table with one row per variable', () => {
    const table = configTableMarkdown().split('\n');
    expect(table).toHaveLength(configVariables.length + 2);
    expect(table).toContain('| `PORT` | `8080` | HTTP port of the local server (1-65535). |');
    expect(table.find((row) => row.startsWith('| `FACEGATE_TEMPLATE_KEY`'))).toMatch(/\| — \|.*Secret\. \|$/);
  });
});
