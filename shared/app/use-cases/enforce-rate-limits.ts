import { RATE_LIMIT_WINDOW_MS, windowStartOf } from '../../domain/counter-windows.js';
import { AppError } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo, Principal } from '../facegate-app.js';

/**
 * Counts this request against the per-client-IP and per-API-key limits (fixed one-minute windows, counted in the
 * database so every instance shares them).
 * @throws AppError 429 `rate_limited` with `retryAfterSeconds` = the rest of the window, when a limit is exceeded.
 */
export async function enforceRateLimits(deps: AppDeps, principal: Principal, client?: ClientInfo): Promise<void> {
  const { perIpPerMinute, perKeyPerMinute } = deps.security.rateLimits;
  const now = deps.clock.nowMs();
  const windowStart = windowStartOf(now, RATE_LIMIT_WINDOW_MS);
  const counters = deps.repos.forTenant(principal.tenantId).rateCounters;
  const limits: [string, number, string][] = [];
  if (perKeyPerMinute > 0) limits.push([`key:${principal.apiKeyId}`, perKeyPerMinute, 'this API key']);
  if (perIpPerMinute > 0 && client?.ip) limits.push([`ip:${client.ip.slice(0, 64)}`, perIpPerMinute, 'this address']);
  for (const [key, limit, who] of limits) {
    const count = await counters.hit(key, windowStart);
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000));
      throw new AppError(429, 'rate_limited', `Too many requests from ${who}: at most ${limit} a minute`, {
        retryAfterSeconds,
      });
    }
  }
}
