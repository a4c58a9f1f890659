/**
 * A stack in the middle of a template key rotation (README, "Operating a cloud stack"): the new key under a new
 * id, the previous one as a retired key. Every function that reads templates must get both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../shared/auth/signing-keys.js';
import { loadConfig } from '../shared/config/load-config.js';
import { byType, DEPLOYED_FUNCTIONS, runStack, type Recorded } from './testing/pulumi-mocks.test-support.js';

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
  }));
}, 60_000);

describe('a template key rotation in progress', () => {
  it('stores the retired keys as their own secret', () => {
    const ids = byType(recorded, 'gcp:secretmanager/secret:Secret').map((s) => s.inputs.secretId);
    expect(ids.sort()).toEqual(['fg-acme-jwt-signing-keys', 'fg-acme-retired-template-keys', 'fg-acme-template-key']);
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
