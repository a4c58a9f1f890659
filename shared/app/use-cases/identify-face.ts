/**
 * 1:N identification: the nearest enrolled user of the tenant, granted only above the threshold and with a margin
 * over the best other user, so two look-alikes never resolve to a guess. A capture the presentation-attack
 * detector judged not live is denied as `spoof_suspected` and raises an alert. Denials are counted per client
 * address to catch someone probing the gallery (identify-probing.ts).
 */
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { AppDeps } from '../app-deps.js';
import type { IdentifyInput, IdentifyResult, Principal } from '../facegate-app.js';
import { analyzeLoginCapture, captureFacts, PRESENTATION_ATTACK_REASONS } from './analyze-login-capture.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { recordIdentifyDenial } from './identify-probing.js';
import { livenessEvidence, raiseAlert } from './raise-alert.js';
import { recordAttempt } from './record-attempt.js';
import { tenantModel } from './tenant-model.js';

export async function identifyFace(
  deps: Pick<AppDeps, 'bus' | 'clock' | 'engines' | 'index' | 'log' | 'match' | 'repos' | 'security' | 'thresholds'>,
  principal: Principal,
  input: IdentifyInput,
): Promise<IdentifyResult> {
  const startedAt = deps.clock.nowMs();
  await enforceRateLimits(deps, principal, input.client);
  const model = await tenantModel(deps, principal.tenantId);
  const threshold = model.threshold;
  const base = {
    tenantId: principal.tenantId,
    kind: 'identify' as const,
    threshold,
    modelVersion: model.version,
    startedAt,
    ...(input.client ? { client: input.client } : {}),
  };
  const capture = await analyzeLoginCapture(model.engine, input.image, deps.security.padMode === 'enforce');
  const common = captureFacts(capture);
  const deny = async (reason: AuthDenialReason, score?: number): Promise<string> => {
    const attemptId = await recordAttempt(deps, {
      ...base,
      outcome: 'denied',
      reason,
      ...(score !== undefined ? { score } : {}),
      ...common,
    });
    await recordIdentifyDenial(deps, principal.tenantId, reason, input.client);
    return attemptId;
  };
  if (!capture.ok) {
    const attemptId = await deny(capture.reason);
    if (PRESENTATION_ATTACK_REASONS.has(capture.reason)) {
      await raiseAlert(deps, {
        tenantId: principal.tenantId,
        kind: 'spoof_suspected',
        severity: 'high',
        attemptIds: [attemptId],
        summary:
          capture.reason === 'capture_tampered'
            ? 'An identification capture carried no colour (converted to greyscale): treated as a presentation attack'
            : 'An identification capture looked like a presentation attack (photo or screen)',
        ...livenessEvidence(common.livenessScore),
      });
    }
    return { decision: 'denied', reason: capture.reason };
  }
  const matrix = await deps.index.matrix(principal.tenantId, model.version, model.engine.dims);
  const [best, second] = matrix.search(capture.embedding, model.engine.metric, 2).hits;
  if (!best || best.score < threshold) {
    await deny('no_match', best?.score);
    return { decision: 'denied', reason: 'no_match', ...(best ? { score: best.score } : {}) };
  }
  if (second && best.score - second.score < deps.match.identifyMargin) {
    await deny('ambiguous_match', best.score);
    return { decision: 'denied', reason: 'ambiguous_match', score: best.score };
  }
  const user = await deps.repos.forTenant(principal.tenantId).users.byId(best.userId);
  if (!user) {
    // Deleted since the index was loaded.
    deps.index.invalidate(principal.tenantId);
    await deny('no_match', best.score);
    return { decision: 'denied', reason: 'no_match' };
  }
  await recordAttempt(deps, { ...base, outcome: 'granted', userId: user.id, score: best.score, ...common });
  return {
    decision: 'granted',
    userId: user.id,
    username: user.username,
    ...(user.displayName ? { displayName: user.displayName } : {}),
    score: best.score,
  };
}
