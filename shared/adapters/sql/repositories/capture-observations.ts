import type { CaptureObservation, ObservationKind, ObservationOutcome } from '../../../domain/capture-observation.js';
import type { CaptureObservations, NewCaptureObservation } from '../../../ports/repositories.js';
import { InvalidInputError } from '../../../ports/repository-errors.js';
import { COLUMN_LIMITS } from '../column-limits.js';
import { checkLength, num, numOrNull, toJsonColumn } from '../column-values.js';
import { isConflict } from '../driver-errors.js';
import { guarded, type SqlContext } from '../sql-context.js';
import type { CaptureObservationsTable } from '../schema.js';

const KINDS: readonly ObservationKind[] = ['enroll', 'verify', 'identify'];
const OUTCOMES: readonly ObservationOutcome[] = ['accepted', 'rejected', 'granted', 'denied'];

function toObservation(row: CaptureObservationsTable): CaptureObservation {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind as ObservationKind,
    outcome: row.outcome as ObservationOutcome,
    modelVersion: row.model_version,
    features: JSON.parse(row.features) as Record<string, number>,
    score: numOrNull(row.score),
    livenessScore: numOrNull(row.liveness_score),
    observedAt: num(row.observed_at),
  };
}

function finiteOrNull(field: string, value: number | null): number | null {
  if (value !== null && !Number.isFinite(value)) throw new InvalidInputError(`${field} must be finite or null`);
  return value;
}

/** One tenant's capture statistics for drift monitoring (features and scores; never images or embeddings). */
export class SqlCaptureObservations implements CaptureObservations {
  constructor(
    private readonly ctx: SqlContext,
    private readonly tenantId: string,
  ) {}

  async add(input: NewCaptureObservation): Promise<boolean> {
    if (!KINDS.includes(input.kind)) throw new InvalidInputError(`unknown capture kind ${JSON.stringify(input.kind)}`);
    if (!OUTCOMES.includes(input.outcome))
      throw new InvalidInputError(`unknown capture outcome ${JSON.stringify(input.outcome)}`);
    for (const [name, value] of Object.entries(input.features))
      if (!Number.isFinite(value)) throw new InvalidInputError(`feature ${name} must be a finite number`);
    if (!Number.isFinite(input.observedAt)) throw new InvalidInputError('observedAt must be epoch milliseconds');
    const row: CaptureObservationsTable = {
      id: checkLength('observation id', input.id, COLUMN_LIMITS.id),
      tenant_id: this.tenantId,
      kind: input.kind,
      outcome: input.outcome,
      model_version: checkLength('modelVersion', input.modelVersion, COLUMN_LIMITS.modelVersion),
      features: toJsonColumn('features', input.features) ?? '{}',
      score: finiteOrNull('score', input.score),
      liveness_score: finiteOrNull('livenessScore', input.livenessScore),
      observed_at: input.observedAt,
      created_at: this.ctx.now(),
    };
    try {
      await guarded(() => this.ctx.db.insertInto('capture_observations').values(row).execute());
      return true;
    } catch (error) {
      // A redelivered event: the first delivery stored it.
      if (isConflict(error, 'primary_key')) return false;
      throw error;
    }
  }

  async list(query: {
    modelVersion: string;
    since: number;
    until: number;
    limit: number;
  }): Promise<CaptureObservation[]> {
    const rows = await this.ctx.db
      .selectFrom('capture_observations')
      .selectAll()
      .where('tenant_id', '=', this.tenantId)
      .where('model_version', '=', query.modelVersion)
      .where('observed_at', '>=', query.since)
      .where('observed_at', '<', query.until)
      .orderBy('observed_at')
      .orderBy('id')
      .limit(query.limit)
      .execute();
    return rows.map(toObservation);
  }
}
