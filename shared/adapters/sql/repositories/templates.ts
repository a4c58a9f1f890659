import { newId } from '../../../domain/ids.js';
import { templateChangeKey } from '../../../domain/template-change-key.js';
import { embeddingProblem, type Template } from '../../../domain/template.js';
import { TemplateDecryptError } from '../../../crypto/template-cipher.js';
import type {
  NewTemplate,
  ResealBatch,
  TemplateChange,
  TemplateCoverage,
  Templates,
  Upserted,
} from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num } from '../column-values.js';
import { isConflict } from '../driver-errors.js';
import { guarded, withTransaction, type SqlContext } from '../sql-context.js';
import type { TemplatesTable } from '../schema.js';

/** Rows fetched per round trip when loading a whole model's templates for identify (about 3.5 MB). */
const LIST_CHUNK = 5000;

/** One tenant's face templates, encrypted at rest with the context's TemplateCipher. */
export class SqlTemplates implements Templates {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(input: NewTemplate): Promise<Upserted<Template>> {
    const problem = embeddingProblem(input.embedding);
    if (problem) throw new InvalidInputError(problem);
    if (!Number.isFinite(input.qualityScore)) throw new InvalidInputError('qualityScore must be a finite number');
    checkLength('modelVersion', input.modelVersion, COLUMN_LIMITS.modelVersion);
    if (input.modelVersion.length === 0) throw new InvalidInputError('modelVersion is empty');

    const existing = await this.byCapture(input.captureId, input.modelVersion);
    if (existing) return { value: existing, created: false };

    const id = checkLength('template id', input.id ?? newId('template'), COLUMN_LIMITS.id);
    const { keyId, sealed } = this.ctx.cipher.encrypt(input.embedding, {
      tenantId: this.tenantId,
      userId: input.userId,
      modelVersion: input.modelVersion,
      templateId: id,
    });
    const row: TemplatesTable = {
      id,
      tenant_id: this.tenantId,
      user_id: input.userId,
      enrollment_id: input.enrollmentId ?? null,
      capture_id: input.captureId,
      model_version: input.modelVersion,
      dims: input.embedding.length,
      quality_score: input.qualityScore,
      key_id: keyId,
      embedding_sealed: sealed,
      created_at: this.ctx.now(),
    };
    try {
      await withTransaction(this.ctx, async (ctx) => {
        await guarded(() => ctx.db.insertInto('templates').values(row).execute());
        await recordTemplateChange(ctx, this.tenantId, [input.userId]);
      });
    } catch (error) {
      // A concurrent delivery of the same capture stored its template first: return that one.
      if (!isConflict(error, 'template_capture_model')) throw error;
      const winner = await this.byCapture(input.captureId, input.modelVersion);
      if (!winner) throw error;
      return { value: winner, created: false };
    }
    return { value: assemble(row, Float32Array.from(input.embedding)), created: true };
  }

  async listByUser(userId: string, modelVersion: string): Promise<Template[]> {
    const rows = await this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', '=', userId)
      .where('model_version', '=', modelVersion)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => this.toTemplate(row));
  }

  async listByModel(modelVersion: string): Promise<Template[]> {
    const templates: Template[] = [];
    // Keyset chunks bound the driver's buffered result size however large the tenant grows; the next chunk is
    // read while this one is decrypted, so the database's time and the decrypting overlap.
    const chunk = (after: string | null) => {
      let select = this.ctx.db
        .selectFrom('templates')
        .selectAll()
        .where('tenant_id', '=', this.tenantId)
        .where('model_version', '=', modelVersion);
      if (after !== null) select = select.where('id', '>', after);
      return select.orderBy('id').limit(LIST_CHUNK).execute();
    };
    for (let next: ReturnType<typeof chunk> | undefined = chunk(null); next !== undefined;) {
      const rows: Awaited<ReturnType<typeof chunk>> = await next;
      const last = rows.at(-1);
      next = rows.length === LIST_CHUNK && last !== undefined ? chunk(last.id) : undefined;
      // Not left unobserved if decrypting below throws.
      next?.catch(() => undefined);
      for (const row of rows) templates.push(this.toTemplate(row));
    }
    return templates;
  }

  async listCreatedBetween(query: {
    modelVersion: string;
    since: number;
    until: number;
    limit: number;
  }): Promise<Template[]> {
    const rows = await this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('model_version', '=', query.modelVersion)
      .where('created_at', '>=', query.since)
      .where('created_at', '<', query.until)
      .orderBy('created_at')
      .orderBy('id')
      .limit(query.limit)
      .execute();
    return rows.map((row) => this.toTemplate(row));
  }

  async countByUser(userId: string): Promise<number> {
    return (await this.countByUsers([userId])).get(userId) ?? 0;
  }

  async countByUsers(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.ctx.db
      .selectFrom('templates')
      .select((eb) => ['user_id', eb.fn.countAll<number | string>().as('count')])
      .where('tenant_id', '=', this.tenantId)
      .where('user_id', 'in', [...userIds])
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((row) => [row.user_id, num(row.count)]));
  }

  async deleteByUser(userId: string): Promise<number> {
    return withTransaction(this.ctx, async (ctx) => {
      const result = await ctx.db
        .deleteFrom('templates')
        .where('tenant_id', '=', this.tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      if (deleted > 0) await recordTemplateChange(ctx, this.tenantId, [userId]);
      return deleted;
    });
  }

  async lastChange(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('template_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('tenant_id', '=', this.tenantId)
      .executeTakeFirst();
    return row?.seq == null ? 0 : num(row.seq);
  }

  async changesAfter(query: { after: number; since: number; limit: number }): Promise<TemplateChange[]> {
    const rows = await this.ctx.db
      .selectFrom('template_changes')
      .select(['seq', 'user_key', 'user_id', 'created_at'])
      .where('tenant_id', '=', this.tenantId)
      .where((eb) => eb.or([eb('seq', '>', query.after), eb('created_at', '>=', query.since)]))
      .orderBy('seq')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({
      seq: num(row.seq),
      userKey: row.user_key,
      ...(row.user_id === null ? {} : { userId: row.user_id }),
      createdAt: num(row.created_at),
    }));
  }

  async listCoverage(): Promise<TemplateCoverage[]> {
    const coverage: TemplateCoverage[] = [];
    for (let after: string | null = null; ;) {
      let select = this.ctx.db
        .selectFrom('templates')
        .select(['id', 'user_id', 'capture_id', 'enrollment_id', 'model_version'])
        .where('tenant_id', '=', this.tenantId);
      if (after !== null) select = select.where('id', '>', after);
      const rows = await select.orderBy('id').limit(LIST_CHUNK).execute();
      for (const row of rows) {
        coverage.push({
          userId: row.user_id,
          captureId: row.capture_id,
          enrollmentId: row.enrollment_id,
          modelVersion: row.model_version,
        });
      }
      const last = rows.at(-1);
      if (rows.length < LIST_CHUNK || last === undefined) return coverage;
      after = last.id;
    }
  }

  async countByKey(): Promise<Record<string, number>> {
    const rows = await this.ctx.db
      .selectFrom('templates')
      .select(['key_id', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('tenant_id', '=', this.tenantId)
      .groupBy('key_id')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.key_id, num(row.count)]));
  }

  async resealBatch(query: { after?: string; limit: number }): Promise<ResealBatch> {
    const active = this.ctx.cipher.activeKeyId;
    let select = this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('key_id', '<>', active);
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    const batch: ResealBatch = { scanned: rows.length, resealed: 0, failed: [] };
    for (const row of rows) {
      const old = Buffer.isBuffer(row.embedding_sealed) ? row.embedding_sealed : Buffer.from(row.embedding_sealed);
      let next;
      try {
        next = this.ctx.cipher.reseal(
          { keyId: row.key_id, sealed: old },
          { tenantId: row.tenant_id, userId: row.user_id, modelVersion: row.model_version, templateId: row.id },
          num(row.dims),
        );
      } catch (error) {
        if (!(error instanceof TemplateDecryptError)) throw error;
        batch.failed.push({ templateId: row.id, keyId: row.key_id, message: error.message });
        continue;
      }
      // Compare-and-set on the old ciphertext: a row changed or deleted meanwhile is left alone.
      const result = await this.ctx.db
        .updateTable('templates')
        .set({ key_id: next.keyId, embedding_sealed: next.sealed })
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', row.id)
        .where('key_id', '=', row.key_id)
        .where('embedding_sealed', '=', old)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) batch.resealed++;
    }
    const last = rows.at(-1);
    if (last) batch.last = last.id;
    return batch;
  }

  private async byCapture(captureId: string, modelVersion: string): Promise<Template | null> {
    const row = await this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('capture_id', '=', captureId)
      .where('model_version', '=', modelVersion)
      .executeTakeFirst();
    return row ? this.toTemplate(row) : null;
  }

  /** @throws TemplateDecryptError when the row was tampered with or moved from another row. */
  private toTemplate(row: TemplatesTable): Template {
    const embedding = this.ctx.cipher.decrypt(
      {
        keyId: row.key_id,
        sealed: Buffer.isBuffer(row.embedding_sealed) ? row.embedding_sealed : Buffer.from(row.embedding_sealed),
      },
      { tenantId: row.tenant_id, userId: row.user_id, modelVersion: row.model_version, templateId: row.id },
      num(row.dims),
    );
    return assemble(row, embedding);
  }
}

function assemble(row: TemplatesTable, embedding: Float32Array): Template {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    enrollmentId: row.enrollment_id,
    captureId: row.capture_id,
    modelVersion: row.model_version,
    dims: num(row.dims),
    embedding,
    qualityScore: num(row.quality_score),
    createdAt: num(row.created_at),
  };
}

/**
 * Numbers a change to these users' templates (template_changes), for the 1:N index of every instance. Call inside
 * the transaction that adds or deletes the templates, so the change is visible exactly when they are. `erased`:
 * the users are being erased, so their earlier rows go and the new one carries only the one-way key.
 */
export async function recordTemplateChange(
  ctx: SqlContext,
  tenantId: string,
  userIds: readonly string[],
  erased = false,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  if (erased) {
    await ctx.db
      .deleteFrom('template_changes')
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', unique)
      .execute();
  }
  const createdAt = ctx.now();
  await ctx.db
    .insertInto('template_changes')
    .values(
      unique.map((userId) => ({
        tenant_id: tenantId,
        user_key: templateChangeKey(tenantId, userId),
        user_id: erased ? null : userId,
        created_at: createdAt,
      })),
    )
    .execute();
}
