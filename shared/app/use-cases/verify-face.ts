/**
 * 1:1 verification: does this capture match the claimed user's enrolled templates? Rate limits come first, then
 * the account's lockout (a locked account is refused with 429 before any face work), then the face; failures that
 * count are added to the account's lockout state, a success clears it.
 */
import { normalizeUsername } from '../../domain/user.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { StageTimings } from '../../face/types.js';
import { AppError, badRequest } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal, VerifyInput, VerifyResult } from '../facegate-app.js';
import { countsAsFailure, lockedSeconds, recordLoginFailure, recordLoginSuccess } from './account-lockout.js';
import { analyzeLoginCapture, captureFacts, PRESENTATION_ATTACK_REASONS } from './analyze-login-capture.js';
import { checkLoginFactors } from './check-login-factors.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { livenessEvidence, raiseAlert } from './raise-alert.js';
import { recordAttempt, type AttemptRecord } from './record-attempt.js';
import { tenantModel } from './tenant-model.js';

export async function verifyFace(deps: AppDeps, principal: Principal, input: VerifyInput): Promise<VerifyResult> {
  const startedAt = deps.clock.nowMs();
  const username = normalizeUsername(input.username ?? '');
  if (!username) throw badRequest('invalid_username', 'A username is required');
  await enforceRateLimits(deps, principal, input.client);
  const repos = deps.repos.forTenant(principal.tenantId);
  // Only the tenant's active version is compared, at that version's threshold.
  const model = await tenantModel(deps, principal.tenantId);
  const threshold = model.threshold;
  const base = {
    tenantId: principal.tenantId,
    kind: 'verify' as const,
    claimedUsername: username,
    threshold,
    modelVersion: model.version,
    startedAt,
    ...(input.client ? { client: input.client } : {}),
  };

  const deny = async (
    reason: AuthDenialReason,
    extra: {
      userId?: string;
      score?: number;
      quality?: Record<string, number>;
      timings?: StageTimings;
      livenessScore?: number;
    } = {},
  ) => {
    const attemptId = await recordAttempt(deps, { ...base, outcome: 'denied', reason, ...extra });
    if (PRESENTATION_ATTACK_REASONS.has(reason)) {
      await raiseAlert(deps, {
        tenantId: principal.tenantId,
        kind: 'spoof_suspected',
        severity: 'high',
        ...(extra.userId ? { userId: extra.userId } : {}),
        attemptIds: [attemptId],
        summary:
          reason === 'capture_tampered'
            ? 'A verification capture carried no colour (converted to greyscale): treated as a presentation attack'
            : 'A verification capture looked like a presentation attack (photo or screen)',
        ...livenessEvidence(extra.livenessScore),
      });
    }
    if (extra.userId && countsAsFailure(reason)) await recordLoginFailure(deps, principal.tenantId, extra.userId);
    const score = extra.score !== undefined && Number.isFinite(extra.score) ? extra.score : 0;
    return { decision: 'denied' as const, score, threshold, reason, ...(extra.userId ? { userId: extra.userId } : {}) };
  };

  const user = await repos.users.byUsername(username);
  if (user) await refuseWhileLocked(deps, principal.tenantId, user.id, base);

  const capture = await analyzeLoginCapture(model.engine, input.image, deps.security.padMode === 'enforce');
  const facts = captureFacts(capture);
  if (!capture.ok && PRESENTATION_ATTACK_REASONS.has(capture.reason))
    return deny(capture.reason, { ...facts, ...(user ? { userId: user.id } : {}) });
  if (!user) return deny('unknown_user', facts);
  if (!capture.ok) return deny(capture.reason, { userId: user.id, ...facts });
  const neutral = { embedding: capture.embedding, yaw: capture.analysis.primary?.quality.yaw ?? NaN };
  const factors = await checkLoginFactors(deps, principal.tenantId, user, model, neutral, input);
  if (factors.denied) return deny(factors.denied, { userId: user.id, ...facts });

  const templates = await repos.templates.listByUser(user.id, model.version);
  if (templates.length === 0) return deny('not_enrolled', { userId: user.id, ...facts });
  const score = Math.max(...templates.map((t) => model.engine.similarity(capture.embedding, t.embedding)));
  if (score < threshold) return deny('no_match', { userId: user.id, score, ...facts });

  const { token } = await deps.tokens.issue({
    sub: user.id,
    tenant: principal.tenantId,
    username: user.username,
    score,
    model: model.version,
    amr: ['face', ...factors.amr],
  });
  await recordAttempt(deps, { ...base, outcome: 'granted', userId: user.id, score, ...facts });
  await recordLoginSuccess(deps, principal.tenantId, user.id);
  return { decision: 'granted', score, threshold, userId: user.id, token };
}

/** A locked account: the attempt is recorded and alerted, and refused with 429 `locked_out` before any face work. */
async function refuseWhileLocked(
  deps: AppDeps,
  tenantId: string,
  userId: string,
  base: Omit<AttemptRecord, 'outcome'>,
): Promise<void> {
  const locked = await lockedSeconds(deps, tenantId, userId);
  if (locked === 0) return;
  const attemptId = await recordAttempt(deps, { ...base, outcome: 'denied', reason: 'locked_out', userId });
  await raiseAlert(deps, {
    tenantId,
    kind: 'locked_account_attempt',
    severity: 'medium',
    userId,
    attemptIds: [attemptId],
    summary: `A login was tried on this account while it is locked (${locked} s left)`,
    lockedForSeconds: locked,
  });
  throw new AppError(429, 'locked_out', `Too many failed attempts: try again in ${locked} s`, {
    retryAfterSeconds: locked,
  });
}
