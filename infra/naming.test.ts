import { describe, expect, it } from 'vitest';
import { iamDatabaseUser } from './components/cloud-sql-database.js';
import { ACCOUNT_ID, MYSQL_USER_MAX } from './function-limits.js';
import { stackNames, type FunctionName } from './naming.js';
import { DEPLOYED_FUNCTIONS } from './testing/pulumi-mocks.test-support.js';

describe('stack names', () => {
  it('keeps every service account id valid and its MySQL user within 32 characters, for the longest tenant', () => {
    // facegate:tenant allows 16 characters (stack-config.ts); the longest function name is `retention`.
    const names = stackNames('a234567890123456');
    for (const fn of DEPLOYED_FUNCTIONS as readonly FunctionName[]) {
      const id = names.accountId(fn);
      expect(id, fn).toMatch(ACCOUNT_ID);
      expect(id.length, fn).toBeLessThanOrEqual(30);
      const user = iamDatabaseUser(`${id}@a-very-long-project-id-30chars.iam.gserviceaccount.com`);
      expect(user).toBe(id);
      expect(user.length).toBeLessThanOrEqual(MYSQL_USER_MAX);
    }
    expect(names.accountId('retention')).toBe('fg-a234567890123456-retention');
    expect(names.buildAccountId).toMatch(ACCOUNT_ID);
  });

  it('refuses an id Google would refuse rather than deploy it', () => {
    expect(() => stackNames('x'.repeat(30)).accountId('api')).toThrow(/not a valid service account id/);
  });
});
