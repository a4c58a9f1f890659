import { describe, expect, it } from 'vitest';
import { HandsFree } from './hands-free.js';

const options = { intervalMs: 500, maxDenials: 3, goneMs: 1500 };

describe('HandsFree', () => {
  it('sends nothing while nobody is there or the picture needs fixing', () => {
    const kiosk = new HandsFree(options);
    expect(kiosk.frame(false, false, 0)).toEqual({ kind: 'none' });
    expect(kiosk.phase).toBe('idle');
    expect(kiosk.frame(true, false, 100)).toEqual({ kind: 'none' });
    expect(kiosk.phase).toBe('guiding');
  });

  it('identifies a good face, one request at a time and at most every interval', () => {
    const kiosk = new HandsFree(options);
    expect(kiosk.frame(true, true, 0).kind).toBe('identify');
    expect(kiosk.frame(true, true, 100).kind).toBe('none'); // in flight
    kiosk.answered(false);
    expect(kiosk.frame(true, true, 300).kind).toBe('none'); // too soon
    expect(kiosk.frame(true, true, 600).kind).toBe('identify');
    kiosk.answered(true);
    expect(kiosk.phase).toBe('welcome');
  });

  it('counts the interval from when the request left, not from the frame that was encoded slowly', () => {
    const kiosk = new HandsFree(options);
    expect(kiosk.frame(true, true, 0).kind).toBe('identify');
    kiosk.sent(350); // the photo took 350 ms to encode
    kiosk.answered(false);
    expect(kiosk.frame(true, true, 600).kind).toBe('none'); // 500 ms after the frame, 250 after the send
    expect(kiosk.frame(true, true, 850).kind).toBe('identify');
  });

  it('holds the welcome until the person steps away, then waits for the next one', () => {
    const kiosk = new HandsFree(options);
    kiosk.frame(true, true, 0);
    kiosk.answered(true);
    expect(kiosk.frame(true, true, 5000).kind).toBe('none');
    expect(kiosk.phase).toBe('welcome');
    kiosk.frame(false, false, 6000);
    expect(kiosk.phase).toBe('welcome');
    kiosk.frame(false, false, 6600);
    expect(kiosk.phase).toBe('idle');
    expect(kiosk.frame(true, true, 7000).kind).toBe('identify');
  });

  it('stops scanning a face it does not recognise after a run of denials', () => {
    const kiosk = new HandsFree(options);
    for (let i = 0; i < 3; i++) {
      expect(kiosk.frame(true, true, i * 1000).kind).toBe('identify');
      kiosk.answered(false);
    }
    expect(kiosk.phase).toBe('unknown');
    expect(kiosk.frame(true, true, 4000).kind).toBe('none');
  });
});
