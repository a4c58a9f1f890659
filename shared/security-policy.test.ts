/** The composition root's reading of the security settings: seconds in the configuration, milliseconds in the app. */
import { describe, expect, it } from 'vitest';
import { securityPolicy } from './compose.js';
import { loadConfig } from './config/load-config.js';

describe('securityPolicy', () => {
  it('hands identify-probing detection its threshold and window', () => {
    expect(securityPolicy(loadConfig({})).identifyProbing).toEqual({ attempts: 10, windowMs: 300_000 });
    const config = loadConfig({
      FACEGATE_IDENTIFY_PROBING_ATTEMPTS: '7',
      FACEGATE_IDENTIFY_PROBING_WINDOW_SECONDS: '600',
      FACEGATE_LOCKOUT_BASE_SECONDS: '45',
    });
    expect(securityPolicy(config)).toMatchObject({
      identifyProbing: { attempts: 7, windowMs: 600_000 },
      lockout: { baseDelayMs: 45_000 },
    });
  });
});
