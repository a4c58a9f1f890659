/** 1:1 verification: does this capture match the claimed user's enrolled templates? */
import { normalizeUsername } from '../../domain/user.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { StageTimings } from '../../face/types.js';
import { badRequest } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal, VerifyInput, VerifyResult } from '../facegate-app.js';
import { analyzeLoginCapture, captureFacts } from './analyze-login-capture.js';
import { checkLoginFactors } from './check-login-factors.js';
import { recordAttempt } from './record-attempt.js';
import { tenantModel } from './tenant-model.js';

export async function verifyFace(deps: AppDeps, principal: Principal, input: VerifyInput): Promise<VerifyResult> {
  const startedAt = deps.clock.nowMs();
  const username = normalizeUsername(input.username ?? '');
  if (!username) throw badRequest('invalid_username', 'A username is required');
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
    await recordAttempt(deps, { ...base, outcome: 'denied', reason, ...extra });
    const score = extra.score !== undefined && Number.isFinite(extra.score) ? extra.score : 0;
    return { decision: 'denied' as const, score, threshold, reason, ...(extra.userId ? { userId: extra.userId } : {}) };
  };

  const capture = await analyzeLoginCapture(model.engine, input.image);
  const facts = captureFacts(capture);
  const user = await repos.users.byUsername(username);
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
  return { decision: 'granted', score, threshold, userId: user.id, token };
}
