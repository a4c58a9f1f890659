/**
 * The file-name rule of tests/support/test-suites.ts holds for every test file: a file that reaches a system
 * service (MariaDB, pstest, Chromium) is named for `npm run test:services`, so `npm test` stays green on a machine
 * with only Node, and nothing that needs a service hides in the local suite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../scripts/lib/repo-paths.js';
import { EACH_DATABASE_SUFFIX, suitesOf, TEST_ROOTS } from './support/test-suites.js';

/** Imports that reach a system service, with the service they need. */
const SERVICE_IMPORTS: [RegExp, string][] = [
  [/(^|\/)mysql-database\.js$/, 'MariaDB'],
  [/(^|\/)own-mariadb\.js$/, 'MariaDB (own mariadbd)'],
  [/^mysql2(\/|$)/, 'MariaDB'],
  [/(^|\/)launch-pstest\.js$/, 'pstest'],
  [/^(@playwright\/test|playwright(-core)?)$/, 'Chromium'],
  [/(^|\/)chromium-launch\.js$/, 'Chromium'],
  [/(^|\/)datasets\.js$/, 'the datasets'],
];

/** The services a source file's imports reach. */
function servicesImported(source: string): string[] {
  // Statements at the start of a line only: module source quoted inside a test's strings is not an import.
  const statements =
    /^import\b[^;]*?\bfrom\s+['"]([^'"]+)['"]|^(?:const|let)\s[^;=]+=\s*await\s+import\(\s*['"]([^'"]+)['"]/gm;
  const specifiers = [...source.matchAll(statements)].map((m) => m[1] ?? m[2] ?? '');
  return [...new Set(SERVICE_IMPORTS.filter(([re]) => specifiers.some((s) => re.test(s))).map(([, svc]) => svc))];
}

function testFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : testFiles(rel);
    return entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

describe('suite split by file name', () => {
  it('puts each kind of file in its suite', () => {
    expect(suitesOf('shared/app/user-erasure-sqlite.int.test.ts')).toEqual(['local']);
    expect(suitesOf('shared/app/user-erasure-mysql.int.test.ts')).toEqual(['services']);
    expect(suitesOf('shared/adapters/sql/mysql.int.test.ts')).toEqual(['services']);
    expect(suitesOf('tests/security/login.mysql.int.test.ts')).toEqual(['services']);
    expect(suitesOf('shared/adapters/gcp/pubsub-event-bus.pubsub.int.test.ts')).toEqual(['services']);
    expect(suitesOf('tests/e2e/login.e2e.test.ts')).toEqual(['services']);
    expect(suitesOf('shared/app/drift-check.each-db.int.test.ts')).toEqual(['local', 'services']);
    // "mysql" elsewhere in the name is not the rule: only the ending counts.
    expect(suitesOf('shared/adapters/sql/mysql-errors.test.ts')).toEqual(['local']);
  });

  it('reads the services a file imports', () => {
    expect(servicesImported(`import { withMysqlDatabase } from '../../tests/support/mysql-database.js';`)).toEqual([
      'MariaDB',
    ]);
    expect(servicesImported(`import { createConnection } from 'mysql2/promise';`)).toEqual(['MariaDB']);
    expect(servicesImported(`const { startPstest } = await import('../../tests/pstest/launch-pstest.js');`)).toEqual([
      'pstest',
    ]);
    expect(servicesImported(`import { chromium } from 'playwright-core';`)).toEqual(['Chromium']);
    expect(servicesImported(`import { eachTestDatabase } from '../tests/support/test-databases.js';`)).toEqual([]);
    expect(servicesImported(`expect(deps).toContain('mysql2');`)).toEqual([]);
    expect(servicesImported(`const source = "export const a = () => import('mysql2');";`)).toEqual([]);
  });

  const files = TEST_ROOTS.flatMap((root) => testFiles(root));

  it('finds the test files', () => {
    expect(files).toContain('tests/suite-naming.test.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  it('names every file that reaches a service for test:services', () => {
    const misplaced = files
      .filter((file) => !suitesOf(file).every((suite) => suite === 'services'))
      .map((file) => ({ file, services: servicesImported(readFileSync(path.join(REPO_ROOT, file), 'utf8')) }))
      .filter(({ services }) => services.length > 0)
      .map(({ file, services }) => `${file} uses ${services.join(', ')}`);
    // Rename to *mysql.int.test.ts, *pubsub.int.test.ts or *.e2e.test.ts; for SQLite + MariaDB, *.each-db.int.test.ts
    // with eachTestDatabase().
    expect(misplaced).toEqual([]);
  });

  it('runs every *.each-db file through eachTestDatabase', () => {
    const without = files
      .filter((file) => file.endsWith(EACH_DATABASE_SUFFIX))
      .filter((file) => !readFileSync(path.join(REPO_ROOT, file), 'utf8').includes('eachTestDatabase('));
    expect(without).toEqual([]);
  });
});
