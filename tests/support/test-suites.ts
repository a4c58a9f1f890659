/**
 * Which vitest suite a test file belongs to, decided by its name alone, so a new file lands in the right one:
 *
 * - `npm test` (project `local`): everything that needs no system service — in memory, SQLite, local files, the
 *   real models. Passes on a fresh clone with only Node.
 * - `npm run test:services` (project `services`): files whose name says which service they need —
 *   `*mysql.int.test.ts` (MariaDB/MySQL), `*pubsub.int.test.ts` (the pstest Pub/Sub fake), `*.e2e.test.ts`
 *   (Chromium), `*.datasets.int.test.ts` (the labelled photos in ../shared/datasets or FACEGATE_DATASETS).
 *   `scripts/test-services-setup.sh` installs and starts the services.
 * - `*.each-db.int.test.ts` run in both: on SQLite in `npm test` and on MariaDB in `test:services`
 *   (`eachTestDatabase()` in tests/support/test-databases.ts reads which from FACEGATE_TEST_DATABASES).
 *
 * tests/suite-naming.test.ts fails when a file that uses a service is named for the local suite.
 */

/** Name endings of the files that need a system service. */
export const SERVICE_SUFFIXES = [
  'mysql.int.test.ts',
  'pubsub.int.test.ts',
  '.e2e.test.ts',
  '.datasets.int.test.ts',
] as const;

/** Name ending of the files that run on SQLite locally and on MariaDB with the services. */
export const EACH_DATABASE_SUFFIX = '.each-db.int.test.ts';

/** Where test files live. */
export const TEST_ROOTS = ['shared', 'functions', 'scripts', 'tools', 'tests', 'packages', 'web/src', 'infra'] as const;

export type SuiteName = 'local' | 'services';

/** The suites a test file runs in. */
export function suitesOf(file: string): SuiteName[] {
  if (file.endsWith(EACH_DATABASE_SUFFIX)) return ['local', 'services'];
  return SERVICE_SUFFIXES.some((suffix) => file.endsWith(suffix)) ? ['services'] : ['local'];
}

const everyTest = TEST_ROOTS.map((root) => `${root}/**/*.test.ts`);
const serviceGlobs = TEST_ROOTS.flatMap((root) => SERVICE_SUFFIXES.map((suffix) => `${root}/**/*${suffix}`));
const eachDatabaseGlobs = TEST_ROOTS.map((root) => `${root}/**/*${EACH_DATABASE_SUFFIX}`);

/** vitest include/exclude globs of each suite, the same rule as `suitesOf`. */
export const SUITE_GLOBS: Record<SuiteName, { include: string[]; exclude: string[] }> = {
  local: { include: everyTest, exclude: serviceGlobs },
  services: { include: [...serviceGlobs, ...eachDatabaseGlobs], exclude: [] },
};
