/**
 * 1:1 verification: does this capture match the claimed user's enrolled templates? Rate limits come first, then
 * the capture (analysed for every username, so an unknown or locked account answers as slowly), what the tenant
 * requires of the request, then the account's lockout: the attempt takes its slot (./account-lockout.ts), and a
 * locked account is refused with 429 before any comparison. Then the comparison; a failure that counts keeps the
 * slot, a success clears the count, any other outcome gives the slot back. Client keys see denials through
 * http/client-decision.ts.
 */
import { DEFAULT_TENANT_SETTINGS } from '../../domain/tenant.js';
import { normalizeUsername } from '../../domain/user.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { StageTimings } from '../../face/types.js';
import type { BurstEvidence } from '../../ports/burst-liveness.js';
import { AppError, badRequest } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { Principal, VerifyInput, VerifyResult } from '../facegate-app.js';
import {
  countsAsFailure,
  recordLoginFailure,
  recordLoginSuccess,
  releaseLoginSlot,
  reserveLoginSlot,
  type LoginSlot,
} from './account-lockout.js';
import {
  analyzeLoginCapture,
  attackSummary,
  captureFacts,
  PRESENTATION_ATTACK_REASONS,
} from './analyze-login-capture.js';
import { burstDenial, examineBurst, livenessEvidenceLabel } from './burst-evidence.js';
import { checkLoginFactors, missingFromRequest } from './check-login-factors.js';
import { passkeyRelyingParty } from '../possession/passkey-ceremony.js';
import { passkeyOriginsFor } from '../possession/request-relying-party.js';
import { enforceRateLimits } from './enforce-rate-limits.js';
import { livenessEvidence, raiseAlert } from './raise-alert.js';
import { recordAttempt, type AttemptRecord } from './record-attempt.js';
import { tenantModel } from './tenant-model.js';

/** The part of the app's dependencies this module's steps use. */
export type VerifyFaceDeps = Pick<
  AppDeps,
  | 'burstLiveness'
  | 'bus'
  | 'clock'
  | 'engines'
  | 'log'
  | 'match'
  | 'passkeyOrigins'
  | 'repos'
  | 'security'
  | 'thresholds'
  | 'tokens'
>;

export async function verifyFace(
  deps: VerifyFaceDeps,
  principal: Principal,
  input: VerifyInput,
): Promise<VerifyResult> {
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

  let slot: LoginSlot | null = null;
  let burst: BurstEvidence | undefined;
  let lightPassed = false;
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
    const attemptId = await recordAttempt(deps, {
      ...base,
      outcome: 'denied',
      reason,
      ...extra,
      livenessEvidence: livenessEvidenceLabel(burst, lightPassed),
    });
    if (PRESENTATION_ATTACK_REASONS.has(reason)) {
      await raiseAlert(deps, {
        tenantId: principal.tenantId,
        kind: 'spoof_suspected',
        severity: 'high',
        ...(extra.userId ? { userId: extra.userId } : {}),
        attemptIds: [attemptId],
        summary: attackSummary(reason, 'verify'),
        ...livenessEvidence(extra.livenessScore),
      });
    }
    if (slot && countsAsFailure(reason)) {
      const counted = slot;
      slot = null;
      await recordLoginFailure(deps, principal.tenantId, counted);
    }
    const score = extra.score !== undefined && Number.isFinite(extra.score) ? extra.score : 0;
    return { decision: 'denied' as const, score, threshold, reason, ...(extra.userId ? { userId: extra.userId } : {}) };
  };

  const user = await repos.users.byUsername(username);
  // The capture is analysed for every username, existing, unknown or locked, so the answer takes as long, and its
  // reason depends on the capture and the tenant's settings before the account (http/client-decision.ts).
  const capture = await analyzeLoginCapture(model.engine, input.image, deps.security.padMode === 'enforce');
  const facts = captureFacts(capture);
  const known = user ? { userId: user.id } : {};
  // A presentation attack is a failed login that counts towards the lockout; other capture problems are not.
  const attack = !capture.ok && PRESENTATION_ATTACK_REASONS.has(capture.reason);
  if (!capture.ok && !attack) return deny(capture.reason, { ...known, ...facts });
  // The burst, like the capture, is judged before the account is looked at (client-decision.ts).
  let burstReason: AuthDenialReason | null = null;
  if (capture.ok) {
    const settings = (await deps.repos.tenants.get(principal.tenantId))?.settings ?? DEFAULT_TENANT_SETTINGS;
    const missing = missingFromRequest(settings, input);
    if (missing) return deny(missing, { ...known, ...facts });
    if (input.burst && input.burst.length > 0) {
      burst = await examineBurst(deps, model, capture, input.image, input.burst, settings.lightChallenge);
      burstReason = burstDenial(burst);
      // Observe mode records what the burst showed; only frames that cannot be used still stop the attempt.
      if (burstReason !== 'burst_unusable' && deps.security.padMode !== 'enforce') burstReason = null;
      if (burstReason && !PRESENTATION_ATTACK_REASONS.has(burstReason))
        return deny(burstReason, { ...known, ...facts });
    }
  }
  const attackReason = capture.ok ? burstReason : capture.reason;
  if (!user) return deny(attackReason ?? 'unknown_user', facts);
  slot = await takeSlotOrRefuse(deps, principal.tenantId, user.id, base, input.client?.ip);
  try {
    if (!capture.ok || attackReason)
      return await deny(attackReason ?? 'spoof_suspected', { userId: user.id, ...facts });
    const neutral = { embedding: capture.embedding, yaw: capture.analysis.primary?.quality.yaw ?? NaN };
    const rp = passkeyRelyingParty(input.client?.origin, passkeyOriginsFor(deps, principal));
    const factors = await checkLoginFactors(
      deps,
      principal.tenantId,
      user,
      model,
      neutral,
      input,
      burst?.faceColours,
      rp,
    );
    if (factors.denied) return await deny(factors.denied, { userId: user.id, ...facts });
    lightPassed = factors.light;

    const templates = await repos.templates.listByUser(user.id, model.version);
    if (templates.length === 0) return await deny('not_enrolled', { userId: user.id, ...facts });
    const score = Math.max(...templates.map((t) => model.engine.similarity(capture.embedding, t.embedding)));
    if (score < threshold) return await deny('no_match', { userId: user.id, score, ...facts });

    const { token } = await deps.tokens.issue({
      sub: user.id,
      tenant: principal.tenantId,
      username: user.username,
      score,
      model: model.version,
      amr: ['face', ...factors.amr],
    });
    await recordAttempt(deps, {
      ...base,
      outcome: 'granted',
      userId: user.id,
      score,
      ...facts,
      livenessEvidence: livenessEvidenceLabel(burst, lightPassed),
    });
    if (slot) {
      const granted: LoginSlot = slot;
      slot = null;
      await recordLoginSuccess(deps, principal.tenantId, granted);
    }
    return { decision: 'granted', score, threshold, userId: user.id, token };
  } finally {
    // Whatever did not end in a counted failure or a success gives its slot back.
    const held: LoginSlot | null = slot;
    if (held) await releaseLoginSlot(deps, principal.tenantId, held);
  }
}

/**
 * Takes the attempt's lockout slot; a locked account (for this client, or for everyone) is recorded, alerted and
 * refused with 429 `locked_out` before any comparison.
 */
async function takeSlotOrRefuse(
  deps: VerifyFaceDeps,
  tenantId: string,
  userId: string,
  base: Omit<AttemptRecord, 'outcome'>,
  clientIp: string | undefined,
): Promise<LoginSlot> {
  const slot = await reserveLoginSlot(deps, tenantId, userId, clientIp);
  if ('client' in slot) return slot;
  const locked = slot.lockedSeconds;
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
