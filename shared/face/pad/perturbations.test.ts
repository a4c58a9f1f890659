import { describe, expect, it } from 'vitest';
import { perturb, perturbationName, type Perturbation } from './perturbations.js';

const flat = { data: new Uint8Array(100 * 100 * 3).fill(128), width: 100, height: 100 };

describe('perturb', () => {
  it('adds Gaussian noise of the asked sigma, the same for the same key and different for another', async () => {
    const a = await perturb(flat, { kind: 'noise', sigma: 16 }, 'img-1');
    const b = await perturb(flat, { kind: 'noise', sigma: 16 }, 'img-1');
    const c = await perturb(flat, { kind: 'noise', sigma: 16 }, 'img-2');
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(false);
    const sd = Math.sqrt(a.data.reduce((s, v) => s + (v - 128) ** 2, 0) / a.data.length);
    expect(sd).toBeGreaterThan(15);
    expect(sd).toBeLessThan(17);
  });

  it.each<Perturbation>([
    { kind: 'original' },
    { kind: 'greyscale' },
    { kind: 'jpeg', quality: 10 },
    { kind: 'blur', sigma: 1.5 },
    { kind: 'gamma', gamma: 0.6 },
    { kind: 'resample', factor: 0.3 },
    { kind: 'lowlight', gain: 0.35, sigma: 8 },
  ])('keeps the image size: $kind', async (p) => {
    const out = await perturb(flat, p, 'k');
    expect([out.width, out.height, out.data.length]).toEqual([100, 100, 30000]);
    expect(perturbationName(p)).toMatch(/^[a-z]+(_[\d.]+)*$/);
  });

  it('dims low-light captures', async () => {
    const out = await perturb(flat, { kind: 'lowlight', gain: 0.35, sigma: 8 }, 'k');
    const mean = out.data.reduce((s, v) => s + v, 0) / out.data.length;
    expect(mean).toBeGreaterThan(40);
    expect(mean).toBeLessThan(50);
  });
});
