/**
 * The delivery workflow against what it deploys: staging before production, production only after staging
 * succeeded, every stack it names has its committed settings, and every variable and secret it reads is one the
 * operator guide (infra/README.md) tells the operator to set.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Workflow {
  jobs: Record<string, { needs?: string | string[]; uses?: string; with?: Record<string, string>; strategy?: unknown }>;
}

const deploy = yaml.load(read('.github/workflows/deploy.yml')) as Workflow;
const stackWorkflow = read('.github/workflows/deploy-stack.yml');
const guide = read('infra/README.md');

describe('deploy.yml', () => {
  it('deploys staging, then production only once staging succeeded (no matrix that carries on after a failure)', () => {
    expect(deploy.jobs.staging?.with?.stack).toBe('staging');
    expect(deploy.jobs.production?.with?.stack).toBe('production');
    expect(deploy.jobs.production?.needs).toBe('staging');
    for (const job of Object.values(deploy.jobs)) {
      expect(job.uses).toBe('./.github/workflows/deploy-stack.yml');
      expect(job.strategy).toBeUndefined();
    }
  });

  it('names only stacks that have committed settings and that the operator guide names', () => {
    for (const job of Object.values(deploy.jobs)) {
      const stack = job.with!.stack!;
      expect(() => read(`infra/Pulumi.${stack}.yaml`), stack).not.toThrow();
      expect(guide).toContain(`\`${stack}\``);
    }
  });

  it('reads only variables and secrets the operator guide tells the operator to set', () => {
    const used = new Set([...stackWorkflow.matchAll(/\b(?:vars|secrets)\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(8);
    for (const name of used) expect(guide, name).toContain(`\`${name}\``);
  });

  it('creates or selects the stack itself, and migrates as a deploy step around pulumi up', () => {
    expect(stackWorkflow).toContain('pulumi stack select "$STACK" --create --secrets-provider');
    const order = ['before-up', 'pulumi up --stack', 'after-up'].map((step) => stackWorkflow.indexOf(step));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
