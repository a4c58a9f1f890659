/** Unit tests of the web client's pure modules (no DOM needed): `npx vitest run --config web/vitest.config.ts`. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { SOURCE_CONDITION } from '../packages/source-condition.js';

export default defineConfig({
  root: path.dirname(fileURLToPath(import.meta.url)),
  // @facegate/client from its source (packages/source-condition.ts).
  // Vitest's own default drops `module` (a package's ESM build for bundlers, which Node may not load).
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((c) => c !== 'module')] } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
