/**
 * docs/architecture.md's layout names every deployable function (a folder of functions/ with an index.ts) and
 * nothing that is not one; it once listed three of five.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs/architecture.md'), 'utf8');

/** The `functions/` block of the layout: the indented `name/  cloudEvent('name')` or `http('name')` lines under it. */
function documentedFunctions(): string[] {
  const layout = /^## Layout\n+```\n([\s\S]*?)```/m.exec(doc)?.[1] ?? '';
  const block = /^functions\/.*\n((?: {2}\S.*\n| {4,}.*\n)*)/m.exec(layout)?.[1] ?? '';
  return [...block.matchAll(/^ {2}([a-z-]+)\/\s+(?:cloudEvent|http)\('([a-z-]+)'\)/gm)].map((m) => {
    expect(m[2], `${m[1]}/ names its function ${m[2]}`).toBe(m[1]);
    return m[1]!;
  });
}

const deployed = readdirSync(path.join(REPO_ROOT, 'functions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(REPO_ROOT, 'functions', entry.name, 'index.ts')))
  .map((entry) => entry.name)
  .sort();

describe('docs/architecture.md', () => {
  it('lists every deployable function in its layout, and no other', () => {
    expect(deployed).toEqual(['alerts', 'api', 'drift', 'embed', 'retention']);
    expect(documentedFunctions().sort()).toEqual(deployed);
  });

  it('has a row for every function in the trigger table', () => {
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` +\| (?:HTTP|push)/gm)].map((m) => m[1]!).sort();
    expect(rows).toEqual(deployed);
  });
});
