import type { Attempt } from '../../domain/attempt.js';
import type { AttemptView } from '../facegate-app.js';

/** An attempt as operators see it: ISO times, the label without the labelling key's id. */
export function attemptView(a: Attempt): AttemptView {
  return {
    id: a.id,
    kind: a.kind,
    outcome: a.outcome,
    score: a.score,
    threshold: a.threshold,
    reason: a.reason,
    latencyMs: a.latencyMs,
    stageLatencies: a.stageLatencies,
    modelVersion: a.modelVersion,
    userId: a.userId,
    claimedUsername: a.claimedUsername,
    clientIp: a.clientIp,
    createdAt: new Date(a.createdAt).toISOString(),
    quality: a.quality,
    livenessScore: a.livenessScore,
    livenessEvidence: a.livenessEvidence,
    label: a.label
      ? { label: a.label.label, note: a.label.note, labelledAt: new Date(a.label.at).toISOString() }
      : null,
  };
}
