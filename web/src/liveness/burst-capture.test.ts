import { describe, expect, it, vi } from 'vitest';
import { BURST_FRAMES, takeBurst, type Flash, type LightColour } from './burst-capture.js';

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
