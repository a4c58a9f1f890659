/** Builds the web client once before the browser specs, so they test the sources as they are, not a stale web/dist. */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';

export default function buildWebClient(): void {
  const started = performance.now();
  const result = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build web failed (exit ${result.status ?? result.signal})`);
  console.log(`web client built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
