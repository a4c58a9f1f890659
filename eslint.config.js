// @ts-check
/**
 * ESLint flat config. TypeScript under the root tsconfig (shared/, functions/, scripts/, tools/, tests/) and infra/ (its own
 * tsconfig) is linted with type information; other TypeScript (web/ brings its own tsconfig and build) and plain
 * JavaScript get the syntax-only rules, so a folder without a project never breaks `npm run lint`.
 * Formatting belongs to Prettier; nothing here overlaps with it.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Files the root tsconfig.json (and infra/tsconfig.json) cover: these get type-aware rules. */
const typedFiles = [
  'shared/**/*.ts',
  'functions/**/*.ts',
  'scripts/**/*.ts',
  'tools/**/*.ts',
  'tests/**/*.ts',
  'packages/**/*.ts',
  'infra/**/*.ts',
  '*.ts',
];

/** The Node globals our plain JavaScript files (configs, .mjs helpers) may use; `globals` is not a direct dependency. */
const nodeGlobals = /** @type {const} */ ({
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  structuredClone: 'readonly',
});

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'out/',
    'coverage/',
    '.facegate/',
    'web/dist/',
    '.dvc/',
    'infra/bin/',
    // Personal experiments (gitignored; ESLint does not read .gitignore).
    'scratch/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: typedFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A forgotten await on model loading or a DB call is a real bug; fire-and-forget must say `void`.
      '@typescript-eslint/no-floating-promises': 'error',
      // Numbers in messages and logs are normal in numeric code; objects stringified by accident are not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },

  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // verbatimModuleSyntax needs `import type`; the rule names the fix before tsc does.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      // Typed-array indexing in tensor code often needs `!`; keep it visible, not forbidden.
      '@typescript-eslint/no-non-null-assertion': 'warn',
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },

  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },

  {
    // Infra tests read the resolved inputs Pulumi mocks record: untyped provider data by nature.
    files: ['infra/**/*.test.ts', 'infra/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },

  {
    // Tests build throwaway values and hostile inputs on purpose.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
