/**
 * Newest-first keyset pages over (created_at, id), the order the attempt and audit logs are listed in: one query
 * shape, one cursor format and one rule for "is there another page".
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Page } from '../../ports/repositories.js';
import { decodeTimeCursor, encodeTimeCursor } from './cursors.js';
import type { FacegateSchema } from './schema.js';

/** The tables listed newest first; each has a numeric `created_at` and a unique text `id`. */
export type NewestFirstTable = 'attempts' | 'audit_events' | 'drift_reports' | 'alerts';

/**
 * Runs `select` newest first, after `cursor` when one is given, and returns up to `limit` items with the cursor of
 * the next page when there is one (one row more than `limit` is read to know).
 *
 * @throws InvalidInputError for a cursor that {@link encodeTimeCursor} did not make.
 */
export async function newestFirstPage<Row, Item extends { createdAt: number; id: string }>(
  select: SelectQueryBuilder<FacegateSchema, NewestFirstTable, Row>,
  page: { limit: number; cursor?: string },
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  let query = select;
  if (page.cursor !== undefined) {
    const after = decodeTimeCursor(page.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(toItem);
  const last = items.at(-1);
  return rows.length > page.limit && last
    ? { items, nextCursor: encodeTimeCursor(last.createdAt, last.id) }
    : { items };
}
