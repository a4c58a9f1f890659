/**
 * The README's configuration table, between its two markers, regenerated from the config schema
 * (shared/config/config-variables.ts) and formatted by Prettier as `npm run format` would.
 */
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { configTableMarkdown } from '../../shared/config/config-variables.js';
import { REPO_ROOT } from './repo-paths.js';

export const README = path.join(REPO_ROOT, 'README.md');
const START = '<!-- config-table: generated from shared/config by `npm run docs:config`; do not edit by hand -->';
const END = '<!-- /config-table -->';

/** `readme` with the table between the markers replaced by the generated one. */
export async function withConfigTable(readme: string): Promise<string> {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  const options = (await resolveConfig(README)) ?? {};
  const table = (await format(configTableMarkdown(), { ...options, parser: 'markdown' })).trimEnd();
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
