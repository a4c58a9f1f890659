import { describe, expect, it, vi } from 'vitest';
import { BURST_FRAMES, burstIfWanted, takeBurst, type Flash, type LightColour } from './burst-capture.js';

function recorder() {
  const shown: (LightColour | null)[] = [];
  let current: LightColour | null = null;
  const flash: Flash = {
    show: (c) => void (current = c),
    hide: () => void (current = null),
  };
  const source = { takePhoto: () => Promise.resolve(new Blob([String(current)])) };
  return { flash, source, shown, current: () => current };
}

describe('takeBurst', () => {
  it('takes BURST_FRAMES frames without flashing when there is no light challenge', async () => {
    vi.useFakeTimers();
    const r = recorder();
    const done = takeBurst(r.source, undefined, r.flash);
    await vi.runAllTimersAsync();
    const frames = await done;
    vi.useRealTimers();
    expect(frames).toHaveLength(BURST_FRAMES);
    expect(await Promise.all(frames.map((f) => f.text()))).toEqual(['null', 'null', 'null']);
  });

  it('takes one frame under each colour of the sequence, in order, and hides the flash afterwards', async () => {
    vi.useFakeTimers();
    const r = recorder();
    const done = takeBurst(r.source, ['red', 'blue', 'green', 'red'], r.flash);
    await vi.runAllTimersAsync();
    const frames = await done;
    vi.useRealTimers();
    expect(await Promise.all(frames.map((f) => f.text()))).toEqual(['red', 'blue', 'green', 'red']);
    expect(r.current()).toBeNull();
  });
});

describe('burstIfWanted', () => {
  it('takes the burst the challenge asks for from a camera, after telling the person to hold still', async () => {
    vi.useFakeTimers();
    const r = recorder();
    const said: string[] = [];
    const done = burstIfWanted(
      { ...r.source, mode: 'camera' },
      Promise.resolve({ light: ['blue', 'red'] }),
      r.flash,
      (m) => said.push(m),
    );
    await vi.runAllTimersAsync();
    const frames = await done;
    vi.useRealTimers();
    expect(await Promise.all(frames.map((f) => f.text()))).toEqual(['blue', 'red']);
    expect(said).toEqual(['Hold still while the screen flashes…']);
  });

  it('takes nothing from a picked file, when the challenge asks for none, or when it failed', async () => {
    const r = recorder();
    const said: string[] = [];
    const hold = (m: string) => void said.push(m);
    expect(await burstIfWanted({ ...r.source, mode: 'file' }, Promise.resolve({ burst: true }), r.flash, hold)).toEqual(
      [],
    );
    expect(await burstIfWanted({ ...r.source, mode: 'camera' }, Promise.resolve({}), r.flash, hold)).toEqual([]);
    expect(
      await burstIfWanted({ ...r.source, mode: 'camera' }, Promise.reject(new Error('offline')), r.flash, hold),
    ).toEqual([]);
    expect(said).toEqual([]);
  });
});
