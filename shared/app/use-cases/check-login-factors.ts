/**
 * What a tenant asks of a verify beyond the face: proof of the enrolled device (possession factor), a head turn
 * on a random server prompt (active challenge), and a face lit by a random sequence of screen colours (light
 * challenge). All ride on one single-use challenge from `createChallenge`, consumed here whatever the outcome, so
 * a signature or a set of frames is never accepted twice.
 */
import type { User } from '../../domain/user.js';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../domain/tenant.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { AppDeps } from '../app-deps.js';
import type { VerifyInput } from '../facegate-app.js';
import type { Rgb } from '../../face/burst/face-colour.js';
import { lightResponse, lightSequence } from '../../face/burst/light-sequence.js';
import { headTurnShown, promptedTurn } from '../active-challenge/head-turn.js';
import { checkPossession } from '../possession/check-possession.js';
import type { PasskeyRelyingParty } from '../possession/passkey-ceremony.js';
import { analyzeLoginCapture } from './analyze-login-capture.js';
import type { ModelChoice } from './tenant-model.js';

/** The part of the app's dependencies this module's steps use. */
export type CheckLoginFactorsDeps = Pick<AppDeps, 'clock' | 'log' | 'repos'>;

/** The verified capture the frames are compared with: its embedding (same person?) and yaw (which way?). */
export interface NeutralCapture {
  embedding: Float32Array;
  yaw: number;
}

/**
 * The outcome: the reason to deny, or the RFC 8176 `amr` values the factors proved besides the face (`hwk` and
 * `user`: a passkey, a hardware-held key the person unlocked; `swk`: the older device key, a software-held key;
 * either with `mfa`).
 */
export type LoginFactorsResult = { denied: AuthDenialReason } | { denied: null; amr: string[]; light: boolean };

/** Checks every factor the tenant asks for besides the face. */
export async function checkLoginFactors(
  deps: CheckLoginFactorsDeps,
  tenantId: string,
  user: User,
  /** The tenant's model: frames are analysed and compared with the same engine and threshold as the capture. */
  model: Pick<ModelChoice, 'engine' | 'threshold'>,
  neutral: NeutralCapture,
  input: FactorInput,
  /** The burst frames' face colours, for the light challenge (burst-evidence.ts). */
  faceColours?: readonly Rgb[],
  /** Where the request came from, when passkeys may be used there (possession/request-relying-party.ts). */
  rp: PasskeyRelyingParty | null = null,
): Promise<LoginFactorsResult> {
  const settings = (await deps.repos.tenants.get(tenantId))?.settings ?? DEFAULT_TENANT_SETTINGS;
  const result = await missingFactor(deps, settings, tenantId, user, model, neutral, input, faceColours, rp);
  if (typeof result === 'string') return { denied: result };
  return { denied: null, amr: result, light: settings.lightChallenge };
}

type FactorInput = Pick<VerifyInput, 'challengeId' | 'signature' | 'passkey' | 'frames' | 'burst'>;

/**
 * What the tenant asks for and the request does not carry at all: decided from the settings and the request only,
 * so it is answered the same whether or not the username exists (client-decision.ts). Reported before the
 * challenge is spent, so the client can still use it.
 */
export function missingFromRequest(settings: TenantSettings, input: FactorInput): AuthDenialReason | null {
  const { challengeId, signature, passkey, frames = [], burst = [] } = input;
  if (settings.requirePossession && (!challengeId || (!signature && passkey === undefined))) {
    return 'possession_required';
  }
  if (needsChallenge(settings) && !challengeId) return 'challenge_required';
  if (settings.activeChallenge && frames.length === 0) return 'challenge_required';
  if ((settings.requireBurst || settings.lightChallenge) && burst.length === 0) return 'burst_required';
  return null;
}

function needsChallenge(settings: TenantSettings): boolean {
  return settings.requirePossession || settings.activeChallenge || settings.lightChallenge;
}

async function missingFactor(
  deps: CheckLoginFactorsDeps,
  settings: TenantSettings,
  tenantId: string,
  user: User,
  model: Pick<ModelChoice, 'engine' | 'threshold'>,
  neutral: NeutralCapture,
  input: FactorInput,
  faceColours: readonly Rgb[] | undefined,
  rp: PasskeyRelyingParty | null,
): Promise<AuthDenialReason | string[]> {
  if (!needsChallenge(settings)) return [];
  const { challengeId, frames = [] } = input;
  const missing = missingFromRequest(settings, input);
  if (missing) return missing;
  if (!challengeId) return 'challenge_required';

  const repos = deps.repos.forTenant(tenantId);
  const now = deps.clock.nowMs();
  const challenge = await repos.loginChallenges.consume(challengeId, now);
  const usable = challenge !== null && now < challenge.expiresAt;

  let amr: string[] = [];
  if (settings.requirePossession) {
    const possession = await checkPossession(repos, tenantId, user, usable ? challenge : null, input, rp, now);
    if (possession.denied) return possession.denied;
    amr = possession.amr;
  }

  if (settings.activeChallenge) {
    if (!usable || !challenge.prompt) return 'challenge_failed';
    const yaws: number[] = [];
    for (const frame of frames) {
      const analysed = await analyzeLoginCapture(model.engine, frame);
      // Every frame must show the person of the verified capture: a stranger's turn proves nothing.
      if (!analysed.ok || model.engine.similarity(analysed.embedding, neutral.embedding) < model.threshold) {
        return 'challenge_failed';
      }
      yaws.push(analysed.analysis.primary?.quality.yaw ?? NaN);
    }
    if (!headTurnShown(challenge.prompt, neutral.yaw, yaws)) {
      deps.log.info('active challenge failed', {
        prompt: challenge.prompt,
        turnDegrees: promptedTurn(challenge.prompt, neutral.yaw, yaws),
      });
      return 'challenge_failed';
    }
  }

  if (settings.lightChallenge) {
    if (!usable) return 'light_challenge_failed';
    const response = lightResponse(lightSequence(challenge.nonce), faceColours ?? []);
    if (!response.followed) {
      deps.log.info('light challenge failed', {
        correlation: response.correlation,
        amplitude: response.amplitude,
      });
      return 'light_challenge_failed';
    }
  }
  return amr;
}
