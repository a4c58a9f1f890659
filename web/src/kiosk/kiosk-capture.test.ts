import { describe, expect, it, vi } from 'vitest';
import type { Challenge } from '../api/wire-types.js';
import type { Flash, LightColour } from '../liveness/burst-capture.js';
import { captureForIdentify } from './kiosk-capture.js';

const CHALLENGE = { challengeId: 'chl_1', nonce: 'n', tenantId: 'ten_1', expiresAt: '2099-01-01T00:00:00Z' };

function sources(challenge: Promise<Challenge>, mode = 'camera') {
  let lit: LightColour | null = null;
  const flash: Flash = { show: (c) => void (lit = c), hide: () => void (lit = null) };
  let taken = 0;
  const said: string[] = [];
  return {
    said,
    sources: {
      photo: { mode, takePhoto: () => Promise.resolve(new Blob([`${(taken += 1)}:${lit}`])) },
      createChallenge: () => challenge,
      flash,
      hold: (m: string) => void said.push(m),
    },
  };
}

async function run(challenge: Promise<Challenge>, mode = 'camera') {
  vi.useFakeTimers();
  const s = sources(challenge, mode);
  const done = captureForIdentify(s.sources);
  await vi.runAllTimersAsync();
  const capture = await done;
  vi.useRealTimers();
  return { ...capture, said: s.said };
}

const texts = (blobs: Blob[] = []) => Promise.all(blobs.map((b) => b.text()));

describe('captureForIdentify', () => {
  it('sends the challenge id and a burst after the frame when the challenge asks for one', async () => {
    const capture = await run(Promise.resolve({ ...CHALLENGE, burst: true }));
    expect(await capture.image.text()).toBe('1:null');
    expect(capture.factors.challengeId).toBe('chl_1');
    expect(await texts(capture.factors.burst)).toEqual(['2:null', '3:null', '4:null']);
    expect(capture.said).toEqual(['Hold still…']);
  });

  it("under the light challenge takes one burst frame per colour of the challenge's sequence", async () => {
    const capture = await run(Promise.resolve({ ...CHALLENGE, burst: true, light: ['green', 'red', 'blue', 'red'] }));
    expect(await texts(capture.factors.burst)).toEqual(['2:green', '3:red', '4:blue', '5:red']);
  });

  it('sends only the challenge id when no burst is asked, and only the frame without a challenge', async () => {
    const plain = await run(Promise.resolve(CHALLENGE));
    expect(plain.factors).toEqual({ challengeId: 'chl_1' });
    const failed = await run(Promise.reject(new Error('offline')));
    expect(failed.factors).toEqual({});
    expect(await failed.image.text()).toBe('1:null');
  });

  it('takes no burst from a picked photo', async () => {
    const picked = await run(Promise.resolve({ ...CHALLENGE, burst: true }), 'file');
    expect(picked.factors).toEqual({ challengeId: 'chl_1' });
  });
});
