/**
 * Builds the web client (pages and widget) before the browser specs when a web source changed since the last
 * build, so they test the sources as they are, not a stale web/dist.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';

export default function buildWebClient(): void {
  const result = spawnSync('npx', ['tsx', 'scripts/build-web.ts', '--if-stale'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/build-web.ts failed (exit ${result.status ?? result.signal})`);
}
