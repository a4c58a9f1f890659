import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { StageTimings } from '../../face/types.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo } from '../facegate-app.js';
import { publishEvent } from './publish-event.js';

export interface AttemptRecord {
  tenantId: string;
  kind: 'verify' | 'identify';
  outcome: 'granted' | 'denied';
  reason?: AuthDenialReason;
  userId?: string;
  claimedUsername?: string;
  score?: number;
  threshold: number;
  /** The tenant's active model version the capture was compared with. */
  modelVersion: string;
  startedAt: number;
  timings?: StageTimings;
  quality?: Record<string, number>;
  /** Presentation-attack detection score of the capture, when the engine ran PAD. */
  livenessScore?: number;
  /** What the liveness decision rested on (burst-evidence.ts: livenessEvidenceLabel). */
  livenessEvidence?: string;
  client?: ClientInfo;
}

/** Store the attempt and publish it (auth.attempted.v1) and its capture statistics (capture.observed.v1). */
export async function recordAttempt(deps: Pick<AppDeps, 'bus' | 'clock' | 'repos'>, a: AttemptRecord): Promise<string> {
  const latencyMs = deps.clock.nowMs() - a.startedAt;
  const repos = deps.repos.forTenant(a.tenantId);
  const attempt = await repos.attempts.add({
    kind: a.kind,
    outcome: a.outcome,
    score: a.score ?? null,
    threshold: a.threshold,
    reason: a.reason ?? null,
    latencyMs,
    stageLatencies: a.timings ? { ...a.timings } : null,
    modelVersion: a.modelVersion,
    quality: a.quality ? { ...a.quality } : null,
    livenessScore: finite(a.livenessScore) ?? null,
    livenessEvidence: a.livenessEvidence ?? null,
    clientIp: a.client?.ip ?? null,
    userAgent: a.client?.userAgent ?? null,
    userId: a.userId ?? null,
    claimedUsername: a.claimedUsername ?? null,
  });
  const client = a.client
    ? {
        ...(a.client.ip ? { ip: a.client.ip.slice(0, 64) } : {}),
        ...(a.client.userAgent ? { userAgent: a.client.userAgent.slice(0, 256) } : {}),
      }
    : undefined;
  await publishEvent(deps, 'auth.attempted.v1', {
    tenantId: a.tenantId,
    attemptId: attempt.id,
    kind: a.kind,
    outcome: a.outcome,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.userId ? { userId: a.userId } : {}),
    ...(a.score !== undefined && Number.isFinite(a.score) ? { score: a.score } : {}),
    threshold: a.threshold,
    modelVersion: a.modelVersion,
    latencyMs,
    ...(client && Object.keys(client).length ? { client } : {}),
  });
  if (a.quality) {
    // The event's contract is 0..1; a detector's rounding must not cost the attempt its observation.
    const raw = finite(a.livenessScore);
    const livenessScore = raw === undefined ? undefined : Math.min(1, Math.max(0, raw));
    await publishEvent(deps, 'capture.observed.v1', {
      tenantId: a.tenantId,
      attemptId: attempt.id,
      kind: a.kind,
      modelVersion: a.modelVersion,
      quality: a.quality,
      ...(a.score !== undefined && Number.isFinite(a.score) ? { score: a.score } : {}),
      outcome: a.outcome,
      latencyMs,
      ...(livenessScore !== undefined ? { livenessScore } : {}),
    });
  }
  return attempt.id;
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
