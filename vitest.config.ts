import { defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';
import { SOURCE_CONDITION } from './packages/source-condition.js';
import { SUITE_GLOBS } from './tests/support/test-suites.js';

// Two projects split by file name (tests/support/test-suites.ts): `npm test` runs `local` (no system service),
// `npm run test:services` runs `services` (MariaDB, pstest, Chromium). `vitest run <file>` runs a file in every
// project that includes it.
export default defineConfig({
  // The workspace packages from their source (packages/source-condition.ts), not a build that may be stale.
  // Vitest's own default drops `module` (a package's ESM build for bundlers, which Node may not load).
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((c) => c !== 'module')] } },
  test: {
    // Model loading and wasm inference are slow on 2 shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'local',
          include: SUITE_GLOBS.local.include,
          exclude: [...configDefaults.exclude, ...SUITE_GLOBS.local.exclude],
          env: { FACEGATE_TEST_DATABASES: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'services',
          include: SUITE_GLOBS.services.include,
          env: { FACEGATE_TEST_DATABASES: 'mysql' },
        },
      },
    ],
  },
});
