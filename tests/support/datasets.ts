/**
 * The shared evaluation datasets (read-only, never copied into the repo): FACEGATE_DATASETS, default
 * ../shared/datasets beside the repository. Tests that need them fail with this message instead of skipping.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/lib/repo-paths.js';

export function datasetDir(name: string): string {
  const root = path.resolve(REPO_ROOT, process.env['FACEGATE_DATASETS'] ?? '../shared/datasets');
  const dir = path.join(root, name);
  if (!existsSync(dir)) {
    throw new Error(
      `dataset "${name}" not found at ${dir}: set FACEGATE_DATASETS to the folder holding wild/, orl_faces/ and spoof/`,
    );
  }
  return dir;
}
