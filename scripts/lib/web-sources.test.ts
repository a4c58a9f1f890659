import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, webBuildIsCurrent, webSourceFingerprint } from './web-sources.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('web build freshness', () => {
  it('is current after a build and stale once a source changes', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'facegate-web-src-'));
    await mkdir(path.join(root, 'web/src/pages'), { recursive: true });
    await mkdir(path.join(root, 'web/dist'), { recursive: true });
    const page = path.join(root, 'web/src/pages/login-page.ts');
    await writeFile(page, 'export {};\n');
    expect(webBuildIsCurrent(root)).toBe(false);

    await writeFile(path.join(root, BUILD_STAMP), `${webSourceFingerprint(root)}\n`);
    expect(webBuildIsCurrent(root)).toBe(true);

    await writeFile(page, 'export const changed = 1;\n');
    expect(webBuildIsCurrent(root)).toBe(false);
  });

  it('notices a touched file and a new file', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'facegate-web-src-'));
    await mkdir(path.join(root, 'web/src'), { recursive: true });
    const file = path.join(root, 'web/src/a.ts');
    await writeFile(file, 'a');
    const before = webSourceFingerprint(root);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const touched = webSourceFingerprint(root);
    expect(touched).not.toBe(before);
    await writeFile(path.join(root, 'web/src/b.ts'), 'b');
    expect(webSourceFingerprint(root)).not.toBe(touched);
  });
});
