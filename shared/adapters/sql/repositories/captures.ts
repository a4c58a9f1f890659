import { CAPTURE_KINDS, type Capture, type CaptureKind } from '../../../domain/capture.js';
import { newId } from '../../../domain/ids.js';
import type { JsonObject } from '../../../domain/json.js';
import type { Captures, NewCapture, Upserted } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, fromJsonColumn, num, pageLimit, toJsonColumn } from '../column-values.js';
import { isConflict } from '../driver-errors.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import type { CapturesTable } from '../schema.js';
import { recordTemplateChange } from './templates.js';

function toCapture(row: CapturesTable): Capture {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    kind: row.kind as CaptureKind,
    blobPath: row.blob_path,
    generation: row.object_generation,
    contentType: row.content_type,
    sizeBytes: num(row.size_bytes),
    quality: fromJsonColumn(row.quality),
    createdAt: num(row.created_at),
  };
}

/** One tenant's captures, unique per uploaded object generation. */
export class SqlCaptures implements Captures {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async create(input: NewCapture): Promise<Upserted<Capture>> {
    if (!CAPTURE_KINDS.includes(input.kind))
      throw new InvalidInputError(`unknown capture kind ${JSON.stringify(input.kind)}`);
    if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 0)
      throw new InvalidInputError('sizeBytes must be a whole number ≥ 0');
    if (input.generation.length === 0) throw new InvalidInputError('generation is empty');
    const existing = await this.byObject(input.blobPath, input.generation);
    if (existing) return { value: existing, created: false };
    const row: CapturesTable = {
      id: checkLength('capture id', input.id ?? newId('capture'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      user_id: input.userId,
      kind: input.kind,
      blob_path: checkLength('blobPath', input.blobPath, COLUMN_LIMITS.blobPath),
      object_generation: checkLength('generation', input.generation, COLUMN_LIMITS.generation),
      content_type: checkLength('contentType', input.contentType, COLUMN_LIMITS.contentType),
      size_bytes: input.sizeBytes,
      quality: toJsonColumn('quality', input.quality),
      created_at: this.ctx.now(),
    };
    try {
      await guarded(() => this.ctx.db.insertInto('captures').values(row).execute());
    } catch (error) {
      // A concurrent delivery of the same upload won the insert: theirs is ours.
      if (!isConflict(error, 'capture_object')) throw error;
      const winner = await this.byObject(input.blobPath, input.generation);
      if (!winner) throw error;
      return { value: winner, created: false };
    }
    return { value: toCapture(row), created: true };
  }

  async get(id: string): Promise<Capture | null> {
    const row = await this.ctx.db
      .selectFrom('captures')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toCapture(row) : null;
  }

  async byObject(blobPath: string, generation: string): Promise<Capture | null> {
    const row = await this.ctx.db
      .selectFrom('captures')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('blob_path', '=', blobPath)
      .where('object_generation', '=', generation)
      .executeTakeFirst();
    return row ? toCapture(row) : null;
  }

  async setQuality(id: string, quality: JsonObject | null): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('captures')
      .set({ quality: toJsonColumn('quality', quality) })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async moveBlob(
    id: string,
    from: { blobPath: string; generation: string },
    to: { blobPath: string; generation: string },
  ): Promise<boolean> {
    const result = await guarded(() =>
      this.ctx.db
        .updateTable('captures')
        .set({
          blob_path: checkLength('blobPath', to.blobPath, COLUMN_LIMITS.blobPath),
          object_generation: checkLength('generation', to.generation, COLUMN_LIMITS.generation),
        })
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .where('blob_path', '=', from.blobPath)
        .where('object_generation', '=', from.generation)
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async listByUser(userId: string): Promise<Capture[]> {
    const rows = await this.ctx.db
      .selectFrom('captures')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCapture);
  }

  async listExpired(query: { kind: CaptureKind; createdBefore: number; limit?: number }): Promise<Capture[]> {
    const rows = await this.ctx.db
      .selectFrom('captures')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('kind', '=', query.kind)
      .where('created_at', '<', query.createdBefore)
      .orderBy('created_at')
      .orderBy('id')
      .limit(pageLimit(query.limit, 500, 5000))
      .execute();
    return rows.map(toCapture);
  }

  async delete(id: string): Promise<boolean> {
    return withTransaction(this.ctx, async (trx) => {
      const { db } = trx;
      const owners = await db
        .selectFrom('templates')
        .select('user_id')
        .where('tenant_id', '=', this.tenantId)
        .where('capture_id', '=', id)
        .execute();
      await db.deleteFrom('templates').where('tenant_id', '=', this.tenantId).where('capture_id', '=', id).execute();
      await recordTemplateChange(
        trx,
        this.tenantId,
        owners.map((o) => o.user_id),
      );
      const result = await db
        .deleteFrom('captures')
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async deleteByUser(userId: string): Promise<number> {
    return withTransaction(this.ctx, async (trx) => {
      const { db } = trx;
      const ofUser = db
        .selectFrom('captures')
        .select('id')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', userId);
      const templates = await db
        .deleteFrom('templates')
        .where('tenant_id', '=', this.tenantId)
        .where('capture_id', 'in', ofUser)
        .executeTakeFirst();
      if (templates.numDeletedRows > 0n) await recordTemplateChange(trx, this.tenantId, [userId]);
      const result = await db
        .deleteFrom('captures')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
