/**
 * What a deployed function's database user may do: read and write rows of the FaceGate schema (DML), and nothing
 * else — no CREATE/ALTER/DROP/INDEX (the deploy step migrates as the admin user), no GRANT, no other schema.
 */

/** The only privileges a runtime user gets. */
export const RUNTIME_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** MySQL 8 user names are at most 32 characters. */
export const MYSQL_USER_MAX_LENGTH = 32;

/** A user or schema name that cannot be granted to safely. */
export class GrantError extends Error {
  override readonly name = 'GrantError';
}

const USER = /^[a-z][a-z0-9-]{0,31}$/;
const SCHEMA = /^[A-Za-z0-9_]{1,64}$/;

/**
 * One GRANT per user, for IAM users (host `%`).
 * @throws GrantError for a user name MySQL would refuse (over 32 characters) or that needs quoting.
 */
export function runtimeGrantStatements(database: string, users: readonly string[]): string[] {
  if (!SCHEMA.test(database)) throw new GrantError(`not a schema name: ${database}`);
  return users.map((user) => {
    if (user.length > MYSQL_USER_MAX_LENGTH) {
      throw new GrantError(`MySQL user ${user} is longer than ${MYSQL_USER_MAX_LENGTH} characters`);
    }
    if (!USER.test(user)) throw new GrantError(`not a service account database user: ${user}`);
    return `GRANT ${RUNTIME_PRIVILEGES.join(', ')} ON \`${database}\`.* TO '${user}'@'%'`;
  });
}
