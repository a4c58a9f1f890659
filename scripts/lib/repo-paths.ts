import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A path as recorded in outputs: relative to the repository root, so figures do not depend on where it was run. */
export function repoRelative(path: string): string {
  return relative(REPO_ROOT, resolve(path)) || '.';
}
