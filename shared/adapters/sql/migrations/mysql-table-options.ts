/**
 * Table options for migrations after the first: InnoDB with the byte-wise, no-pad collation the initial schema
 * chose (see 0001-initial-schema.ts for why), read back from the server so new tables compare text the same way.
 */
import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../database-url.js';

/** Byte-wise, no-pad collations by server family, best first; `utf8mb4_bin` pads but is everywhere. */
const BYTEWISE_COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'] as const;

async function bytewiseCollation(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations
    where collation_name in (${sql.join(BYTEWISE_COLLATIONS)})`.execute(db);
  const available = new Set(rows.map((r) => r.name));
  return BYTEWISE_COLLATIONS.find((c) => available.has(c)) ?? 'utf8mb4_bin';
}

/** A `createTable` that adds the dialect's table options (none on SQLite). */
export async function tableCreator(db: Kysely<unknown>, dialect: SqlDialectName) {
  const collation = dialect === 'mysql' ? await bytewiseCollation(db) : '';
  return (name: string) => {
    const builder = db.schema.createTable(name);
    return dialect === 'mysql'
      ? builder.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`)
      : builder;
  };
}
