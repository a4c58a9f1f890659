import { describe, expect, it } from 'vitest';
import { colourCheck, meanChroma } from './colour-evidence.js';
import { perturb } from './perturbations.js';

const skin = {
  data: Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => [205, 150, 125][i % 3]! + ((i * 7) % 11)),
  width: 64,
  height: 64,
};
const box = { x: 8, y: 8, width: 48, height: 48 };

describe('colour evidence', () => {
  it('finds chroma in a skin-coloured face and none once it is greyscale, even after JPEG', async () => {
    expect(meanChroma(skin, box)).toBeGreaterThan(20);
    const grey = await perturb(skin, { kind: 'greyscale' }, 'k');
    expect(meanChroma(grey, box)).toBeLessThan(0.5);
    const jpeg = await perturb(grey, { kind: 'jpeg', quality: 10 }, 'k');
    expect(colourCheck(jpeg, box, 2)).toMatchObject({ ok: false });
    expect(colourCheck(skin, box, 2)).toMatchObject({ ok: true });
  });
});
