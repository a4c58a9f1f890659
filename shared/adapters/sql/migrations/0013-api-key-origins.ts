/**
 * `api_keys.allowed_origins`: a publishable key's browser origins as a JSON array (null for a secret key). A web page
 * can then carry a key that only works from its own origin, so no end user is ever handed a secret.
 */
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from '../database-url.js';

export function apiKeyOrigins(_dialect: SqlDialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('api_keys').addColumn('allowed_origins', 'text').execute();
    },
  };
}
