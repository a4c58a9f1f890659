import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { readStackConfig, STACK_DEFAULTS } from './stack-config.js';
import { installMocks, valueOf } from './testing/pulumi-mocks.test-support.js';

installMocks();

const required = {
  'gcp:project': 'acme-test',
  'gcp:region': 'europe-west1',
  'facegate:tenant': 'acme',
  'facegate:webOrigin': 'https://login.acme.example',
  'facegate:templateKey': 'k',
  'facegate:jwtSigningKeys': '[]',
  'facegate:databaseAdminPassword': 'p',
};

function read(extra: Record<string, string> = {}, without: string[] = []) {
  const config: Record<string, string> = { ...required, ...extra };
  for (const key of without) delete config[key];
  pulumi.runtime.setAllConfig(config, [
    'facegate:templateKey',
    'facegate:jwtSigningKeys',
    'facegate:databaseAdminPassword',
  ]);
  return readStackConfig('/built');
}

describe('stack config', () => {
  it('applies the defaults Pulumi.yaml documents', () => {
    // js-yaml comes with @pulumi/pulumi; it only reads our own project file here.
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    const project = yaml.load(readFileSync(join(import.meta.dirname, 'Pulumi.yaml'), 'utf8')) as {
      config: Record<string, { default?: unknown }>;
    };
    const documented = Object.fromEntries(
      Object.entries(project.config)
        .filter(([, spec]) => spec.default !== undefined)
        .map(([key, spec]) => [key.replace(/^facegate:/, ''), spec.default]),
    );
    expect(documented).toEqual(STACK_DEFAULTS);
    expect(read()).toMatchObject({
      ...STACK_DEFAULTS,
      apiInvokers: [STACK_DEFAULTS.apiInvokers],
      apiIngress: 'ALLOW_ALL',
      functionsDir: '/built',
      alertEmail: undefined,
    });
  });

  it('reads every setting and keeps the keys secret', async () => {
    const config = read({
      'facegate:databaseTier': 'db-f1-micro',
      'facegate:loginCaptureRetentionDays': '7',
      'facegate:apiMinInstances': '0',
      'facegate:apiMemory': '4Gi',
      'facegate:production': 'true',
      'facegate:alertEmail': 'ops@acme.example',
      'facegate:functionsDir': '/elsewhere',
      'facegate:retentionSchedule': '0 4 * * *',
      'facegate:attemptClientRetentionDays': '60',
      'facegate:abandonedEnrollmentDays': '14',
    });
    expect(config).toMatchObject({
      project: 'acme-test',
      region: 'europe-west1',
      tenant: 'acme',
      databaseTier: 'db-f1-micro',
      webOrigin: 'https://login.acme.example',
      loginCaptureRetentionDays: 7,
      apiMinInstances: 0,
      apiMemory: '4Gi',
      production: true,
      alertEmail: 'ops@acme.example',
      functionsDir: '/elsewhere',
      retentionSchedule: '0 4 * * *',
      attemptClientRetentionDays: 60,
      abandonedEnrollmentDays: 14,
    });
    expect(await pulumi.isSecret(config.templateKey)).toBe(true);
    expect(await valueOf(config.jwtSigningKeys)).toBe('[]');
  });

  it('refuses settings that cannot be deployed, naming the setting', () => {
    expect(() => read({ 'facegate:tenant': 'Acme Corp' })).toThrow(/facegate:tenant/);
    expect(() => read({ 'facegate:tenant': 'a-very-long-tenant-name' })).toThrow(/facegate:tenant/);
    expect(() => read({ 'facegate:webOrigin': 'https://login.acme.example/app' })).toThrow(/facegate:webOrigin/);
    expect(() => read({ 'facegate:webOrigin': 'http://login.acme.example' })).toThrow(/facegate:webOrigin/);
    expect(() => read({ 'facegate:apiMemory': '2GB' })).toThrow(/facegate:apiMemory/);
    expect(() => read({ 'facegate:loginCaptureRetentionDays': '0' })).toThrow(/loginCaptureRetentionDays/);
    expect(() => read({ 'facegate:attemptClientRetentionDays': '0' })).toThrow(/attemptClientRetentionDays/);
    expect(() => read({ 'facegate:abandonedEnrollmentDays': '4000' })).toThrow(/abandonedEnrollmentDays/);
    expect(() => read({}, ['facegate:templateKey'])).toThrow(/templateKey/);
    expect(() => read({}, ['gcp:region'])).toThrow(/region/);
    expect(() => read({}, ['facegate:databaseAdminPassword'])).toThrow(/databaseAdminPassword/);
  });

  it('refuses sizes Cloud Functions refuses: min instances above 20, memory the CPU count cannot have', () => {
    expect(read({ 'facegate:apiMinInstances': '20' }).apiMinInstances).toBe(20);
    expect(() => read({ 'facegate:apiMinInstances': '21' })).toThrow(/apiMinInstances/);
    expect(() => read({ 'facegate:apiMinInstances': '100' })).toThrow(/apiMinInstances/);
    expect(read({ 'facegate:apiMemory': '4Gi' }).apiCpu).toBe('1');
    expect(() => read({ 'facegate:apiMemory': '8Gi' })).toThrow(/facegate:apiMemory: memory 8Gi needs at least 2 CPUs/);
    expect(read({ 'facegate:apiMemory': '8Gi', 'facegate:apiCpu': '2' })).toMatchObject({ apiCpu: '2' });
    expect(() => read({ 'facegate:apiMemory': '16Gi', 'facegate:apiCpu': '2' })).toThrow(/needs at least 4 CPUs/);
    expect(() => read({ 'facegate:apiMemory': '1Gi', 'facegate:apiCpu': '4' })).toThrow(/at least 2048Mi/);
    expect(() => read({ 'facegate:apiCpu': '3' })).toThrow(/cpu must be one of/);
    expect(() => read({ 'facegate:apiMemory': '40Gi', 'facegate:apiCpu': '8' })).toThrow(/32Gi/);
  });

  it('offers the private variants organization policies ask for, and checks what they need', () => {
    const lb = 'serviceAccount:service-1@gcp-sa-iap.iam.gserviceaccount.com';
    expect(read({ 'facegate:apiInvokers': lb, 'facegate:apiIngress': 'internal-and-gclb' })).toMatchObject({
      apiInvokers: [lb],
      apiIngress: 'ALLOW_INTERNAL_AND_GCLB',
    });
    expect(() => read({ 'facegate:apiInvokers': 'everyone' })).toThrow(/apiInvokers/);
    expect(() => read({ 'facegate:apiIngress': 'internal' })).toThrow(/apiIngress/);
    expect(() => read({ 'facegate:databaseIp': 'private' })).toThrow(/databaseNetwork and facegate:vpcConnector/);
    expect(() => read({ 'facegate:databaseNetwork': 'default' })).toThrow(/databaseNetwork/);
    const network = 'projects/acme-test/global/networks/default';
    const connector = 'projects/acme-test/locations/europe-west1/connectors/fg-acme';
    expect(
      read({
        'facegate:databaseIp': 'private',
        'facegate:databaseNetwork': network,
        'facegate:vpcConnector': connector,
      }),
    ).toMatchObject({ databaseIp: 'private', databaseNetwork: network, vpcConnector: connector });
  });

  it('accepts the committed stack files of the deploy workflow, which set only documented settings', () => {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    const load = (file: string) =>
      yaml.load(readFileSync(join(import.meta.dirname, file), 'utf8')) as { config: Record<string, unknown> };
    const documented = Object.keys(load('Pulumi.yaml').config);
    for (const stack of ['staging', 'production', 'example']) {
      const settings = Object.fromEntries(
        Object.entries(load(`Pulumi.${stack}.yaml`).config).map(([key, value]) => [key, String(value)]),
      );
      for (const key of Object.keys(settings).filter((k) => k.startsWith('facegate:'))) {
        expect(documented, `${stack}: ${key}`).toContain(key);
      }
      expect(() => read(settings), stack).not.toThrow();
    }
    expect(
      read(Object.fromEntries(Object.entries(load('Pulumi.production.yaml').config).map(([k, v]) => [k, String(v)]))),
    ).toMatchObject({ production: true, apiMinInstances: 1 });
  });

  it('accepts a local web origin for trials', () => {
    expect(read({ 'facegate:webOrigin': 'http://localhost:5173' }).webOrigin).toBe('http://localhost:5173');
  });
});
