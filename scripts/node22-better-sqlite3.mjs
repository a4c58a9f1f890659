// Loaded by scripts/node22.sh (NODE_OPTIONS=--import): points `better-sqlite3` at the copy compiled for this
// Node's ABI (FACEGATE_BETTER_SQLITE3_DIR), for ESM imports and CommonJS requires alike, whether the importer names
// the package or (as vitest does for external modules) the installed file's path.
import { realpathSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const copy = process.env.FACEGATE_BETTER_SQLITE3_DIR;
if (copy) {
  const installed = fileURLToPath(new URL('../node_modules/better-sqlite3', import.meta.url));
  const prefixes = [...new Set([installed, realpathSync(installed)])].map((dir) => pathToFileURL(dir).href + '/');
  const target = pathToFileURL(copy).href + '/';
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      const prefix = prefixes.find((p) => resolved.url.startsWith(p));
      return prefix ? { ...resolved, url: target + resolved.url.slice(prefix.length) } : resolved;
    },
  });
}
