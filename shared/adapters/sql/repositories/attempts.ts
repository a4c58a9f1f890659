import {
  ATTEMPT_KINDS,
  ATTEMPT_LABELS,
  ATTEMPT_OUTCOMES,
  type Attempt,
  type AttemptKind,
  type AttemptLabel,
  type AttemptOutcome,
} from '../../../domain/attempt.js';
import { newId } from '../../../domain/ids.js';
import type {
  AttemptFacts,
  AttemptLabelInput,
  AttemptQuery,
  Attempts,
  NewAttempt,
  Page,
} from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, fromJsonColumn, num, numOrNull, pageLimit, toJsonColumn, truncate } from '../column-values.js';
import { newestFirstPage } from '../newest-first-page.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { AttemptsTable } from '../schema.js';

function toAttempt(row: AttemptsTable): Attempt {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as AttemptKind,
    outcome: row.outcome as AttemptOutcome,
    score: numOrNull(row.score),
    threshold: numOrNull(row.threshold),
    reason: row.reason,
    latencyMs: num(row.latency_ms),
    stageLatencies: fromJsonColumn(row.stage_latencies),
    modelVersion: row.model_version,
    clientIp: row.client_ip,
    userAgent: row.user_agent,
    userId: row.user_id,
    claimedUsername: row.claimed_username,
    createdAt: num(row.created_at),
    quality: fromJsonColumn(row.quality),
    livenessScore: numOrNull(row.liveness_score),
    livenessEvidence: row.liveness_evidence ?? null,
    label:
      row.label !== null && row.labelled_by !== null && row.labelled_at !== null
        ? {
            label: row.label as AttemptLabel,
            note: row.label_note,
            by: row.labelled_by,
            at: num(row.labelled_at),
          }
        : null,
  };
}

/** Rows read per round trip when the metrics walk a window. */
const FACTS_CHUNK = 5000;

const FACT_COLUMNS = [
  'id',
  'kind',
  'outcome',
  'reason',
  'score',
  'threshold',
  'latency_ms',
  'stage_latencies',
  'user_id',
  'label',
  'created_at',
] as const;

function finiteOrNull(field: string, value: number | null): number | null {
  if (value !== null && !Number.isFinite(value))
    throw new InvalidInputError(`${field} must be a finite number or null`);
  return value;
}

/** One tenant's login attempts: a log, so free text is cut to fit rather than refused. */
export class SqlAttempts implements Attempts {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(input: NewAttempt): Promise<Attempt> {
    if (!ATTEMPT_KINDS.includes(input.kind))
      throw new InvalidInputError(`unknown attempt kind ${JSON.stringify(input.kind)}`);
    if (!ATTEMPT_OUTCOMES.includes(input.outcome))
      throw new InvalidInputError(`unknown outcome ${JSON.stringify(input.outcome)}`);
    if (!Number.isFinite(input.latencyMs) || input.latencyMs < 0)
      throw new InvalidInputError('latencyMs must be a finite number ≥ 0');
    const row: AttemptsTable = {
      id: checkLength('attempt id', input.id ?? newId('attempt'), COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      kind: input.kind,
      outcome: input.outcome,
      user_id: checkLength('userId', input.userId, COLUMN_LIMITS.id),
      claimed_username: truncate(input.claimedUsername, COLUMN_LIMITS.username),
      score: finiteOrNull('score', input.score),
      threshold: finiteOrNull('threshold', input.threshold),
      reason: truncate(input.reason, COLUMN_LIMITS.reason),
      latency_ms: input.latencyMs,
      stage_latencies: toJsonColumn('stageLatencies', input.stageLatencies),
      model_version: truncate(input.modelVersion, COLUMN_LIMITS.modelVersion),
      client_ip: truncate(input.clientIp, COLUMN_LIMITS.clientIp),
      user_agent: truncate(input.userAgent, COLUMN_LIMITS.userAgent),
      created_at: this.ctx.now(),
      quality: toJsonColumn('quality', input.quality),
      liveness_score: finiteOrNull('livenessScore', input.livenessScore ?? null),
      liveness_evidence: truncate(input.livenessEvidence ?? null, 64),
      label: null,
      label_note: null,
      labelled_by: null,
      labelled_at: null,
    };
    await guarded(() => this.ctx.db.insertInto('attempts').values(row).execute());
    return toAttempt(row);
  }

  async list(query: AttemptQuery = {}): Promise<Page<Attempt>> {
    const limit = pageLimit(query.limit, 100, 1000);
    let select = this.ctx.db.selectFrom('attempts').selectAll().where('tenant_id', '=', this.tenantId);
    if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
    if (query.clientIp !== undefined)
      select = select.where('client_ip', '=', truncate(query.clientIp, COLUMN_LIMITS.clientIp));
    if (query.since !== undefined) select = select.where('created_at', '>=', query.since);
    if (query.until !== undefined) select = select.where('created_at', '<', query.until);
    return newestFirstPage(select, { limit, cursor: query.cursor }, toAttempt);
  }

  async get(id: string): Promise<Attempt | null> {
    const row = await this.ctx.db
      .selectFrom('attempts')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toAttempt(row) : null;
  }

  async label(id: string, input: AttemptLabelInput): Promise<Attempt | null> {
    if (!ATTEMPT_LABELS.includes(input.label))
      throw new InvalidInputError(`unknown attempt label ${JSON.stringify(input.label)}`);
    checkLength('labelled by', input.by, COLUMN_LIMITS.id);
    await this.ctx.db
      .updateTable('attempts')
      .set({
        label: input.label,
        label_note: checkLength('label note', input.note ?? null, COLUMN_LIMITS.labelNote),
        labelled_by: input.by,
        labelled_at: this.ctx.now(),
      })
      .where('tenant_id', '=', this.tenantId)
      .where('id', '=', id)
      .execute();
    // Not the update's row count: MySQL counts only changed rows, and relabelling with the same label changes none.
    return this.get(id);
  }

  async forgetClientDetails(createdBefore: number): Promise<number> {
    const result = await this.ctx.db
      .updateTable('attempts')
      .set({ client_ip: null, user_agent: null, claimed_username: null })
      .where('tenant_id', '=', this.tenantId)
      .where('created_at', '<', createdBefore)
      .where((eb) =>
        eb.or([
          eb('client_ip', 'is not', null),
          eb('user_agent', 'is not', null),
          eb('claimed_username', 'is not', null),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async facts(query: { since: number; until: number; limit: number }): Promise<AttemptFacts[]> {
    const out: AttemptFacts[] = [];
    let after: { createdAt: number; id: string } | null = null;
    // Oldest first in keyset chunks, so the driver never buffers the whole window at once.
    while (out.length <= query.limit) {
      let select = this.ctx.db
        .selectFrom('attempts')
        .select(FACT_COLUMNS)
        .where('tenant_id', '=', this.tenantId)
        .where('created_at', '>=', query.since)
        .where('created_at', '<', query.until);
      if (after) {
        const { createdAt, id } = after;
        select = select.where((eb) =>
          eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]),
        );
      }
      const chunk = Math.min(FACTS_CHUNK, query.limit + 1 - out.length);
      const rows = await select.orderBy('created_at').orderBy('id').limit(chunk).execute();
      for (const row of rows) {
        out.push({
          id: row.id,
          kind: row.kind as AttemptKind,
          outcome: row.outcome as AttemptOutcome,
          reason: row.reason,
          score: numOrNull(row.score),
          threshold: numOrNull(row.threshold),
          latencyMs: num(row.latency_ms),
          stageLatencies: fromJsonColumn(row.stage_latencies),
          userId: row.user_id,
          label: row.label as AttemptLabel | null,
          createdAt: num(row.created_at),
        });
      }
      const last = rows.at(-1);
      if (rows.length < chunk || !last) break;
      after = { createdAt: num(last.created_at), id: last.id };
    }
    return out;
  }
}
