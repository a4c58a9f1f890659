/**
 * Multi-frame liveness (issue 14): two tenant switches (a burst required; the light challenge) and, per attempt,
 * the evidence its liveness decision rested on. One column per statement: SQLite's ALTER TABLE adds one at a time.
 */
import type { Kysely, Migration } from 'kysely';

export function livenessEvidence(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('tenants')
        .addColumn('require_burst', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('tenants')
        .addColumn('light_challenge', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('attempts').addColumn('liveness_evidence', 'varchar(64)').execute();
    },
  };
}
