import { describe, expect, it } from 'vitest';
import { authDenialReasons } from '../../../shared/events/auth-attempted.js';
import { enrollmentRejectionReasons } from '../../../shared/events/enrollment-rejected.js';
import { ADVISED_CODES, adviceFor } from './reason-advice.js';

describe('adviceFor', () => {
  it('has specific advice for every denial and rejection code of the event contracts', () => {
    const codes = new Set([...authDenialReasons, ...enrollmentRejectionReasons]);
    for (const code of codes) {
      expect(ADVISED_CODES, code).toContain(code);
      expect(adviceFor(code, 'login').tip, code).not.toMatch(/reason:/);
    }
  });

  it('speaks plainly about the quality problems people can fix', () => {
    expect(adviceFor('face_too_small', 'enroll').title).toBe('Move closer');
    expect(adviceFor('too_dark', 'enroll').title).toBe('Too dark');
    expect(adviceFor('multiple_faces', 'enroll').title).toBe('Only one face please');
  });

  it('words a no-match differently at the kiosk, where no username was given', () => {
    expect(adviceFor('no_match', 'login').tip).toMatch(/username/);
    expect(adviceFor('no_match', 'kiosk').title).toBe('We do not recognise you');
  });

  it('falls back to a generic message that names an unknown code, and never reads inherited keys', () => {
    expect(adviceFor('brand_new_code', 'login')).toEqual({
      title: 'That did not work',
      tip: 'Please try again (reason: brand_new_code).',
    });
    expect(adviceFor('toString', 'login').title).toBe('That did not work');
    expect(adviceFor(undefined, 'enroll').title).toBe('That did not work');
  });
});
