/** A single-use login challenge: the nonce a device key signs and, for an active challenge, a random head turn. */
import { randomBytes, randomInt } from 'node:crypto';
import { lightSequence } from '../../face/burst/light-sequence.js';
import { ACTIVE_PROMPTS } from '../../domain/login-challenge.js';
import { DEFAULT_TENANT_SETTINGS } from '../../domain/tenant.js';
import type { AppDeps } from '../app-deps.js';
import type { ChallengeView, ClientInfo, Principal } from '../facegate-app.js';
import { enforceRateLimits } from './enforce-rate-limits.js';

/**
 * Counted against the same per-IP and per-key budget as verify: each challenge is a row written, and a client
 * that may not verify has no use for one.
 */
export async function createChallenge(
  deps: Pick<AppDeps, 'challengeTtlSeconds' | 'clock' | 'repos' | 'security'>,
  principal: Principal,
  client?: ClientInfo,
): Promise<ChallengeView> {
  await enforceRateLimits(deps, principal, client);
  const now = deps.clock.nowMs();
  const settings = (await deps.repos.tenants.get(principal.tenantId))?.settings ?? DEFAULT_TENANT_SETTINGS;
  const repos = deps.repos.forTenant(principal.tenantId);
  // Used and unused challenges alike are worthless once expired; clearing them here keeps the table small.
  await repos.loginChallenges.deleteExpired(now);
  const prompt = settings.activeChallenge ? ACTIVE_PROMPTS[randomInt(ACTIVE_PROMPTS.length)] : undefined;
  const challenge = await repos.loginChallenges.create({
    nonce: randomBytes(32).toString('base64url'),
    prompt: prompt ?? null,
    expiresAt: now + deps.challengeTtlSeconds * 1000,
  });
  return {
    challengeId: challenge.id,
    nonce: challenge.nonce,
    tenantId: principal.tenantId,
    expiresAt: new Date(challenge.expiresAt).toISOString(),
    ...(prompt ? { prompt } : {}),
    ...(settings.requirePossession ? { possession: true } : {}),
    ...(settings.requireBurst || settings.lightChallenge ? { burst: true } : {}),
    ...(settings.lightChallenge ? { light: lightSequence(challenge.nonce) } : {}),
  };
}
