import { describe, expect, it } from 'vitest';
import { adviceFor } from './reason-advice.js';
import { formatWait, waitAdvice } from './wait-advice.js';

describe('waitAdvice', () => {
  it('says the real time the server gave instead of "a few minutes"', () => {
    const advice = waitAdvice('locked_out', 30, adviceFor('locked_out', 'login'));
    expect(advice.tip).toBe('This account is locked for 30 seconds. Try again after that.');
    expect(advice.tip).not.toMatch(/few minutes/);
    expect(waitAdvice('rate_limited', 61, adviceFor('rate_limited', 'login')).tip).toBe(
      'Try again in 1 minute 1 second.',
    );
  });

  it('keeps the general advice when the server gave no time', () => {
    const base = adviceFor('locked_out', 'login');
    expect(waitAdvice('locked_out', undefined, base)).toBe(base);
  });

  it('formats waits in whole seconds and minutes', () => {
    expect(formatWait(0.2)).toBe('1 second');
    expect(formatWait(120)).toBe('2 minutes');
    expect(formatWait(125)).toBe('2 minutes 5 seconds');
  });
});
