import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../../shared/config/config-variables.js';
import { README, withConfigTable } from './readme-config-table.js';

describe('README configuration table', () => {
  const readme = readFileSync(README, 'utf8');

  it('is the one generated from the config schema (run npm run docs:config after changing a variable)', async () => {
    expect(await withConfigTable(readme)).toBe(readme);
  });

  it('is rewritten when a row drifts from the schema', async () => {
    const edited = readme.replace('HTTP port of the local server (1-65535).', 'HTTP port.');
    expect(edited).not.toBe(readme);
    expect(await withConfigTable(edited)).toBe(readme);
  });

  it('takes defaults from the schema, through transforms, and computed ones from the docs', () => {
    const defaults = Object.fromEntries(configVariables.map((v) => [v.name, v.default]));
    expect(defaults).toMatchObject({
      PORT: '8080',
      FACEGATE_CLOUD_SQL_IAM_AUTH: 'false',
      FACEGATE_PUBSUB_TOPIC_PREFIX: '',
      FACEGATE_UPLOAD_MAX_BYTES: '8388608',
      FACEGATE_DRIFT_KS_ALPHA: '0.01',
      FACEGATE_DB_URL: 'sqlite:<FACEGATE_DATA_DIR>/facegate.sqlite',
    });
    expect(defaults['FACEGATE_TEMPLATE_KEY']).toBeUndefined();
    expect(configVariables.filter((v) => v.secret).map((v) => v.name)).toEqual([
      'FACEGATE_TEMPLATE_KEY',
      'FACEGATE_TEMPLATE_RETIRED_KEYS',
      'FACEGATE_LOCAL_UPLOAD_SECRET',
      'FACEGATE_JWT_SIGNING_KEYS',
    ]);
  });

  it('refuses a README without its markers', async () => {
    await expect(withConfigTable('# no table')).rejects.toThrow(/config-table/);
  });
});
