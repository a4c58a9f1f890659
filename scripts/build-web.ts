/**
 * Builds the web client: the pages (web/dist) and the embeddable widget (web/dist/widget/facegate.js), then
 * records the sources' fingerprint. With `--if-stale` (what `npm start` runs first) it does nothing when the
 * build is current, so a start costs no rebuild unless a web source changed.
 *
 *   npm run build:web [-- --if-stale]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/repo-paths.js';
import { BUILD_STAMP, webBuildIsCurrent, webSourceFingerprint } from './lib/web-sources.js';

const ifStale = process.argv.includes('--if-stale');
if (ifStale && webBuildIsCurrent(REPO_ROOT)) {
  console.log('web client is up to date (web/dist matches the sources); not rebuilt');
  process.exit(0);
}

const started = performance.now();
// The fingerprint is taken before building, so a source edited during the build makes the next start rebuild.
const fingerprint = webSourceFingerprint(REPO_ROOT);
for (const args of [
  ['vite', 'build', 'web', '--logLevel', 'warn'],
  ['vite', 'build', 'web', '--config', 'web/vite.widget.config.ts', '--logLevel', 'warn'],
]) {
  const result = spawnSync('npx', args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
writeFileSync(path.join(REPO_ROOT, BUILD_STAMP), `${fingerprint}\n`);
console.log(`web client built in ${((performance.now() - started) / 1000).toFixed(1)} s (pages and widget)`);
