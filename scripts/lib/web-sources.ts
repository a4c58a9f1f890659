/**
 * What the built web client (web/dist) is made from, summed up as one fingerprint, so `npm start` rebuilds it only
 * when one of those files changed (or the build is missing) instead of on every start.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Paths (under the repository) the web build reads; folders are walked. */
export const WEB_SOURCE_PATHS = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/enroll',
  'web/login',
  'web/kiosk',
  'web/console',
  'web/settings',
  'web/vite.config.ts',
  'web/vite.widget.config.ts',
  'web/vite-detector-assets.ts',
  'web/tsconfig.json',
  'package-lock.json',
];

/** Where the fingerprint of the last build is kept (a dotfile: the dev server never serves it). */
export const BUILD_STAMP = 'web/dist/.source-fingerprint';

/** A hash over every source file's path, size and modification time (content changes move both). */
export function webSourceFingerprint(repoRoot: string): string {
  const hash = createHash('sha256');
  const visit = (relative: string): void => {
    const full = path.join(repoRoot, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
      return;
    }
    hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const p of WEB_SOURCE_PATHS) visit(p);
  return hash.digest('hex');
}

/** True when web/dist was built from the sources as they are now. */
export function webBuildIsCurrent(repoRoot: string): boolean {
  const stamp = path.join(repoRoot, BUILD_STAMP);
  if (!existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === webSourceFingerprint(repoRoot);
}
