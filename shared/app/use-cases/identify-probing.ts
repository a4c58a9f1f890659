/**
 * Probing of the gallery through 1:N identification: someone feeds a kiosk face after face to learn whether anyone
 * is enrolled. When the identifications of one client address (per tenant) are denied `attempts` times within one
 * fixed window, an `identify_probing` alert is raised, once per window. The denials are counted in the request
 * counters (`RateCounters`, under a key of their own) so every instance shares the count, and exactly one request
 * sees it reach the threshold.
 */
import { windowStartOf } from '../../domain/counter-windows.js';
import type { AuthDenialReason } from '../../events/auth-attempted.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo } from '../facegate-app.js';
import { raiseAlert } from './raise-alert.js';

/**
 * Denials that count: a face was compared and nobody (or nobody clearly) matched, or an attack was suspected.
 * Capture problems such as `no_face` say nothing about the gallery and do not count.
 */
const COUNTED: ReadonlySet<AuthDenialReason> = new Set([
  'no_match',
  'ambiguous_match',
  'spoof_suspected',
  'capture_tampered',
]);

/**
 * Counts one denied identification from `client`'s address and raises the alert when the window's count reaches
 * the threshold. Detection is a side effect of a decision already made: a failure is logged, never thrown.
 */
export async function recordIdentifyDenial(
  deps: Pick<AppDeps, 'bus' | 'clock' | 'log' | 'repos' | 'security'>,
  tenantId: string,
  reason: AuthDenialReason,
  client: ClientInfo | undefined,
): Promise<void> {
  const { attempts, windowMs } = deps.security.identifyProbing;
  const ip = client?.ip;
  if (attempts === 0 || !ip || !COUNTED.has(reason)) return;
  try {
    const windowStart = windowStartOf(deps.clock.nowMs(), windowMs);
    const repos = deps.repos.forTenant(tenantId);
    const count = await repos.rateCounters.hit(`identify-denied:${ip.slice(0, 64)}`, windowStart);
    if (count !== attempts) return;
    const recent = await repos.attempts.list({
      kind: 'identify',
      outcome: 'denied',
      clientIp: ip,
      since: windowStart,
      limit: 100,
    });
    const attemptIds = recent.items
      .filter((a) => a.reason !== null && COUNTED.has(a.reason as AuthDenialReason))
      .slice(0, attempts)
      .map((a) => a.id)
      .reverse();
    await raiseAlert(deps, {
      tenantId,
      kind: 'identify_probing',
      severity: 'medium',
      attemptIds,
      summary: `${attempts} identifications from one client address found nobody within ${duration(windowMs)}`,
    });
  } catch (error) {
    deps.log.error('identify probing could not be counted', { tenantId, error: String(error) });
  }
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
