import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'functions/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/**/*.test.ts',
      'web/src/**/*.test.ts',
      'infra/**/*.test.ts',
    ],
    // Model loading and wasm inference are slow on 2 shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
