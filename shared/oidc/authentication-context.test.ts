import { describe, expect, it } from 'vitest';
import { ACR_FACE, ACR_FACE_AND_KEY, authenticationContext } from './authentication-context.js';

describe('authenticationContext', () => {
  it('names the face alone as one factor', () => {
    expect(authenticationContext(['face'])).toEqual({ acr: ACR_FACE, amr: ['face'] });
  });

  it('names the face and a key as multi-factor, adding mfa when the token left it out', () => {
    expect(authenticationContext(['face', 'swk', 'mfa'])).toEqual({
      acr: ACR_FACE_AND_KEY,
      amr: ['face', 'swk', 'mfa'],
    });
    expect(authenticationContext(['face', 'hwk'])).toEqual({ acr: ACR_FACE_AND_KEY, amr: ['face', 'hwk', 'mfa'] });
  });

  it('keeps only RFC 8176 values it knows, and always the face it checked', () => {
    expect(authenticationContext(['pwd', 42, 'swk'])).toEqual({ acr: ACR_FACE_AND_KEY, amr: ['face', 'swk', 'mfa'] });
    expect(authenticationContext(undefined)).toEqual({ acr: ACR_FACE, amr: ['face'] });
  });
});
