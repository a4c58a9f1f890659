/**
 * A stack with the optional settings on: in the middle of a template key rotation (README, "Operating a cloud
 * stack": the new key under a new id, the previous one as a retired key, which every function that reads templates
 * must get), with incident triage on Vertex AI (only the alerts function may call it) and with every retention
 * setting (only the retention function gets them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../shared/auth/signing-keys.js';
import { loadConfig } from '../shared/config/load-config.js';
import { byType, DEPLOYED_FUNCTIONS, runStack, waitsFor, type Recorded } from './testing/pulumi-mocks.test-support.js';

const NEW_KEY = Buffer.alloc(32, 9).toString('base64');
const RETIRED = `k1:${Buffer.alloc(32, 3).toString('base64')}`;
let recorded: Recorded[];
let jwtKeys: string;

beforeAll(async () => {
  jwtKeys = JSON.stringify([await generateSigningJwk()]);
  ({ recorded } = await runStack({
    'facegate:webOrigin': 'https://login.acme.example',
    'facegate:templateKey': NEW_KEY,
    'facegate:templateKeyId': 'k2',
    'facegate:retiredTemplateKeys': RETIRED,
    'facegate:jwtSigningKeys': jwtKeys,
    'facegate:triageModel': 'gemini-2.5-flash',
    'facegate:triageLocation': 'europe-west4',
    'facegate:retentionSchedule': '15 2 * * *',
    'facegate:attemptClientRetentionDays': '45',
    'facegate:abandonedEnrollmentDays': '21',
  }));
}, 60_000);

describe('a template key rotation in progress', () => {
  it('stores the retired keys as their own secret', () => {
    const ids = byType(recorded, 'gcp:secretmanager/secret:Secret').map((s) => s.inputs.secretId);
    expect(ids.sort()).toEqual([
      'fg-acme-db-admin-password',
      'fg-acme-jwt-signing-keys',
      'fg-acme-retired-template-keys',
      'fg-acme-template-key',
    ]);
  });

  it('hands every function the new key, its id and the retired keys, in a form loadConfig reads', () => {
    const values: Record<string, string> = {
      FACEGATE_TEMPLATE_KEY: NEW_KEY,
      FACEGATE_TEMPLATE_RETIRED_KEYS: RETIRED,
      FACEGATE_JWT_SIGNING_KEYS: jwtKeys,
    };
    for (const fn of DEPLOYED_FUNCTIONS) {
      const { serviceConfig } = byType(recorded, 'gcp:cloudfunctionsv2/function:Function').find(
        (f) => f.inputs.name === `fg-acme-${fn}`,
      )!.inputs;
      const env: Record<string, string> = { ...serviceConfig.environmentVariables };
      for (const secret of serviceConfig.secretEnvironmentVariables as { key: string }[]) {
        env[secret.key] = values[secret.key]!;
      }
      expect(env.FACEGATE_TEMPLATE_RETIRED_KEYS, fn).toBe(RETIRED);
      const config = loadConfig(env);
      expect(config.templateKeyId, fn).toBe('k2');
      expect(Object.keys(config.retiredTemplateKeys), fn).toEqual(['k1']);
    }
  });

  it('lets each function read the retired keys', () => {
    const readers = byType(recorded, 'gcp:secretmanager/secretIamMember:SecretIamMember')
      .filter((g) => String(g.inputs.secretId).endsWith('retired-template-keys'))
      .map((g) => g.inputs.member as string);
    expect(readers.sort()).toEqual(
      DEPLOYED_FUNCTIONS.map((fn) => `serviceAccount:fg-acme-${fn}@acme-test.iam.gserviceaccount.com`).sort(),
    );
  });
});

describe('incident triage', () => {
  const alertsEnv = () =>
    byType(recorded, 'gcp:cloudfunctionsv2/function:Function').find((f) => f.inputs.name === 'fg-acme-alerts')!.inputs
      .serviceConfig.environmentVariables as Record<string, string>;

  it('configures the alerts function, and only it, for triage', () => {
    expect(alertsEnv()).toMatchObject({
      FACEGATE_TRIAGE_MODEL: 'gemini-2.5-flash',
      FACEGATE_TRIAGE_PROJECT: 'acme-test',
      FACEGATE_TRIAGE_LOCATION: 'europe-west4',
    });
    for (const fn of byType(recorded, 'gcp:cloudfunctionsv2/function:Function')) {
      if (fn.inputs.name !== 'fg-acme-alerts') {
        expect(Object.keys(fn.inputs.serviceConfig.environmentVariables), fn.inputs.name).not.toContain(
          'FACEGATE_TRIAGE_MODEL',
        );
      }
    }
  });

  it('lets only the alerts function call Vertex AI', () => {
    const vertex = byType(recorded, 'gcp:projects/iAMMember:IAMMember').filter(
      (g) => g.inputs.role === 'roles/aiplatform.user',
    );
    expect(vertex.map((g) => g.inputs.member)).toEqual([
      'serviceAccount:fg-acme-alerts@acme-test.iam.gserviceaccount.com',
    ]);
  });

  it('enables the Vertex AI API, and the function waits for it', () => {
    const api = byType(recorded, 'gcp:projects/service:Service').find(
      (s) => s.inputs.service === 'aiplatform.googleapis.com',
    );
    expect(api?.name).toBe('fg-acme-apis-aiplatform');
    const alerts = byType(recorded, 'gcp:cloudfunctionsv2/function:Function').find((f) => f.name === 'fg-acme-alerts')!;
    expect(waitsFor(alerts, 'gcp:projects/service:Service', 'fg-acme-apis-aiplatform')).toBe(true);
  });
});

describe('retention settings', () => {
  it('schedules the retention function as set and hands it, and only it, every retention period', () => {
    const job = byType(recorded, 'gcp:cloudscheduler/job:Job').find((j) => j.name === 'fg-acme-retention-schedule');
    expect(job?.inputs.schedule).toBe('15 2 * * *');
    const functions = byType(recorded, 'gcp:cloudfunctionsv2/function:Function');
    const retention = functions.find((f) => f.inputs.name === 'fg-acme-retention')!.inputs.serviceConfig;
    const config = loadConfig({ ...retention.environmentVariables, FACEGATE_TEMPLATE_KEY: NEW_KEY });
    expect(config.retention).toEqual({ loginCaptureDays: 30, attemptClientDays: 45, abandonedEnrollmentDays: 21 });
    for (const fn of functions.filter((f) => f.inputs.name !== 'fg-acme-retention')) {
      expect(Object.keys(fn.inputs.serviceConfig.environmentVariables), fn.inputs.name).not.toContain(
        'FACEGATE_ABANDONED_ENROLLMENT_DAYS',
      );
    }
  });
});
