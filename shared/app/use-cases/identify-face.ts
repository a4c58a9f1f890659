/**
 * 1:N identification: the nearest enrolled user of the tenant, granted only above the threshold and with a margin
 * over the best other user, so two look-alikes never resolve to a guess. A grant opens a door as surely as a
 * verify's token, so identify applies the tenant's liveness policy with verify's own functions: the burst and
 * challenge the settings require (`missingFromRequest`), the burst's verdict (`examineBurst`/`burstDenial`, enforced
 * or only observed as the PAD mode says), and the head turn and light challenge (`checkLoginFactors`). A tenant that
 * requires possession is always denied `possession_required`: nobody is named before the face, and a kiosk holds no
 * one's device key, so identify never grants more than the tenant's login allows. A challenge sent is spent whatever
 * the outcome. Presentation attacks are denied and raise `spoof_suspected`; denials are counted per client address to
 * catch someone probing the gallery (identify-probing.ts).
 */
import { DEFAULT_TENANT_SETTINGS } from '../../domain/tenant.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { BurstEvidence } from '../../ports/burst-liveness.js';
import type { AppDeps } from '../app-deps.js';
import type { IdentifyInput, IdentifyResult, Principal } from '../facegate-app.js';
import {
  analyzeLoginCapture,
  attackSummary,
  captureFacts,
  PRESENTATION_ATTACK_REASONS,
} from './analyze-login-capture.js';
import { burstDenial, examineBurst, livenessEvidenceLabel } from './burst-evidence.js';
import { checkLoginFactors, missingFromRequest } from './check-login-factors.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { recordIdentifyDenial } from './identify-probing.js';
import { livenessEvidence, raiseAlert } from './raise-alert.js';
import { recordAttempt } from './record-attempt.js';
import { tenantModel } from './tenant-model.js';

export async function identifyFace(
  deps: Pick<
    AppDeps,
    'burstLiveness' | 'bus' | 'clock' | 'engines' | 'index' | 'log' | 'match' | 'repos' | 'security' | 'thresholds'
  >,
  principal: Principal,
  input: IdentifyInput,
): Promise<IdentifyResult> {
  const startedAt = deps.clock.nowMs();
  await enforceRateLimits(deps, principal, input.client);
  const repos = deps.repos.forTenant(principal.tenantId);
  try {
    return await identify(deps, principal, input, startedAt);
  } finally {
    // Single use whatever the outcome: a denied identify does not leave its challenge for another try.
    if (input.challengeId) await repos.loginChallenges.consume(input.challengeId, deps.clock.nowMs());
  }
}

async function identify(
  deps: Parameters<typeof identifyFace>[0],
  principal: Principal,
  input: IdentifyInput,
  startedAt: number,
): Promise<IdentifyResult> {
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
  // Only what a kiosk can carry: no signature or passkey reaches the factor checks (possession is never proven).
  const factors = {
    ...(input.challengeId ? { challengeId: input.challengeId } : {}),
    ...(input.frames ? { frames: input.frames } : {}),
    ...(input.burst ? { burst: input.burst } : {}),
  };
  const capture = await analyzeLoginCapture(model.engine, input.image, deps.security.padMode === 'enforce');
  const common = captureFacts(capture);
  let burst: BurstEvidence | undefined;
  let lightPassed = false;
  const deny = async (
    reason: AuthDenialReason,
    extra: { userId?: string; score?: number } = {},
  ): Promise<IdentifyResult> => {
    const attemptId = await recordAttempt(deps, {
      ...base,
      outcome: 'denied',
      reason,
      ...extra,
      ...common,
      livenessEvidence: livenessEvidenceLabel(burst, lightPassed),
    });
    await recordIdentifyDenial(deps, principal.tenantId, reason, input.client);
    if (PRESENTATION_ATTACK_REASONS.has(reason)) {
      await raiseAlert(deps, {
        tenantId: principal.tenantId,
        kind: 'spoof_suspected',
        severity: 'high',
        ...(extra.userId ? { userId: extra.userId } : {}),
        attemptIds: [attemptId],
        summary: attackSummary(reason, 'identify'),
        ...livenessEvidence(common.livenessScore),
      });
    }
    return { decision: 'denied', reason, ...(extra.score !== undefined ? { score: extra.score } : {}) };
  };
  if (!capture.ok) return deny(capture.reason);

  const settings = (await deps.repos.tenants.get(principal.tenantId))?.settings ?? DEFAULT_TENANT_SETTINGS;
  const missing = missingFromRequest(settings, factors);
  if (missing) return deny(missing);
  if (factors.burst && factors.burst.length > 0) {
    burst = await examineBurst(deps, model, capture, input.image, factors.burst, settings.lightChallenge);
    const burstReason = burstDenial(burst);
    // Observe mode records what the burst showed; only frames that cannot be used still stop the attempt.
    if (burstReason && (burstReason === 'burst_unusable' || deps.security.padMode === 'enforce'))
      return deny(burstReason);
  }

  const matrix = await deps.index.matrix(principal.tenantId, model.version, model.engine.dims);
  const [best, second] = matrix.search(capture.embedding, model.engine.metric, 2).hits;
  if (!best || best.score < threshold) return deny('no_match', best ? { score: best.score } : {});
  if (second && best.score - second.score < deps.match.identifyMargin)
    return deny('ambiguous_match', { score: best.score });
  const user = await deps.repos.forTenant(principal.tenantId).users.byId(best.userId);
  if (!user) {
    // Deleted since the index was loaded.
    deps.index.invalidate(principal.tenantId);
    await deny('no_match', { score: best.score });
    return { decision: 'denied', reason: 'no_match' };
  }
  // The head turn and the light challenge, on the challenge the request names (spent here, or in identifyFace).
  const neutral = { embedding: capture.embedding, yaw: capture.analysis.primary?.quality.yaw ?? NaN };
  const checked = await checkLoginFactors(deps, principal.tenantId, user, model, neutral, factors, burst?.faceColours);
  if (checked.denied) return deny(checked.denied, { userId: user.id, score: best.score });
  lightPassed = checked.light;

  await recordAttempt(deps, {
    ...base,
    outcome: 'granted',
    userId: user.id,
    score: best.score,
    ...common,
    livenessEvidence: livenessEvidenceLabel(burst, lightPassed),
  });
  return {
    decision: 'granted',
    userId: user.id,
    username: user.username,
    ...(user.displayName ? { displayName: user.displayName } : {}),
    score: best.score,
  };
}
