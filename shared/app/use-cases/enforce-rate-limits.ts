import { RATE_LIMIT_WINDOW_MS, windowStartOf } from '../../domain/counter-windows.js';
import { lockoutClientKey } from '../../domain/lockout-policy.js';
import { AppError } from '../app-error.js';
import type { AppDeps } from '../app-deps.js';
import type { ClientInfo, Principal } from '../facegate-app.js';

/**
 * Counts this request against the rate limits (fixed one-minute windows, counted in the database so every
 * instance shares them), per client address first and then per API key (issue 12, finding 10):
 *
 * - a request over its address's limit (IPv6: per /64, where addresses are free) is refused before it touches the
 *   key's counter, so requests refused per address never spend the budget the key's other users share;
 * - once the key's budget for the minute is spent, an address is still served up to `keySharePerMinute`: the key
 *   limit then throttles the addresses that spent it, not the light users of the same client key.
 *
 * @throws AppError 429 `rate_limited` with `retryAfterSeconds` = the rest of the window, when a limit is exceeded.
 */
export async function enforceRateLimits(
  deps: Pick<AppDeps, 'clock' | 'repos' | 'security'>,
  principal: Principal,
  client?: ClientInfo,
): Promise<void> {
  const { perIpPerMinute, perKeyPerMinute, keySharePerMinute = 0 } = deps.security.rateLimits;
  if (perIpPerMinute === 0 && perKeyPerMinute === 0) return;
  const now = deps.clock.nowMs();
  const windowStart = windowStartOf(now, RATE_LIMIT_WINDOW_MS);
  const counters = deps.repos.forTenant(principal.tenantId).rateCounters;
  const refuse = (limit: number, who: string) =>
    new AppError(429, 'rate_limited', `Too many requests from ${who}: at most ${limit} a minute`, {
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000)),
    });

  const fromAddress = await counters.hit(`ip:${lockoutClientKey(client?.ip)}`, windowStart);
  if (perIpPerMinute > 0 && client?.ip && fromAddress > perIpPerMinute) throw refuse(perIpPerMinute, 'this address');
  if (perKeyPerMinute === 0) return;
  const fromKey = await counters.hit(`key:${principal.apiKeyId}`, windowStart);
  if (fromKey > perKeyPerMinute && fromAddress > keySharePerMinute) throw refuse(perKeyPerMinute, 'this API key');
}
