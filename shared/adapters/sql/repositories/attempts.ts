import {
  ATTEMPT_KINDS,
  ATTEMPT_OUTCOMES,
  type Attempt,
  type AttemptKind,
  type AttemptOutcome,
} from '../../../domain/attempt.js';
import { newId } from '../../../domain/ids.js';
import type { AttemptQuery, Attempts, NewAttempt, Page } from '../../../ports/repositories.js';
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
  };
}

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
    if (query.since !== undefined) select = select.where('created_at', '>=', query.since);
    if (query.until !== undefined) select = select.where('created_at', '<', query.until);
    return newestFirstPage(select, { limit, cursor: query.cursor }, toAttempt);
  }
}
