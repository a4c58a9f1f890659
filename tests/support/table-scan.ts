/**
 * Reads every table of the live schema (found by introspection, so a table added by a later migration is
 * included without editing any test) and reports where given strings occur.
 */
import type { SqlDatabase } from '../../shared/adapters/sql/index.js';

export interface Occurrence {
  table: string;
  column: string;
  needle: string;
  row: Record<string, unknown>;
}

/** Names of every application table (Kysely's own migration tables excluded). */
export async function tableNames(database: SqlDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

/** Every cell of every table that contains one of `needles` (text as is, binary read as latin1). */
export async function findInAllTables(database: SqlDatabase, needles: readonly string[]): Promise<Occurrence[]> {
  const found: Occurrence[] = [];
  // Table names come from the schema itself, never from input; the dynamic name needs the untyped builder.
  const db = database.db.withoutPlugins() as unknown as {
    selectFrom(table: string): { selectAll(): { execute(): Promise<Record<string, unknown>[]> } };
  };
  for (const table of await tableNames(database)) {
    for (const row of await db.selectFrom(table).selectAll().execute()) {
      for (const [column, value] of Object.entries(row)) {
        const text =
          typeof value === 'string'
            ? value
            : Buffer.isBuffer(value) || value instanceof Uint8Array
              ? Buffer.from(value).toString('latin1')
              : String(value);
        for (const needle of needles) if (needle && text.includes(needle)) found.push({ table, column, needle, row });
      }
    }
  }
  return found;
}
