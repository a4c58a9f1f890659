// Loaded by scripts/node22.sh (NODE_OPTIONS=--import): points `better-sqlite3` at the copy compiled for this
// Node's ABI (FACEGATE_BETTER_SQLITE3_DIR), for ESM imports and CommonJS requires alike.
import { createRequire, registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const dir = process.env.FACEGATE_BETTER_SQLITE3_DIR;
if (dir) {
  const entry = createRequire(`${dir}/package.json`).resolve(dir);
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'better-sqlite3') return { url: pathToFileURL(entry).href, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}
