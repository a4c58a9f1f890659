/** The seeded, per-image choice of training perturbations (`train:pad` with an augmenting recipe). */
import { seededRandom, seedOf, type Perturbation } from '../../../shared/face/pad/perturbations.js';

export function trainingAugmentations(key: string, count: number): Perturbation[] {
  const rnd = seededRandom(seedOf(`augment|${key}`));
  const uniform = (a: number, b: number) => a + (b - a) * rnd();
  const round = (x: number, step: number) => Math.round(x / step) * step;
  const makers: (() => Perturbation)[] = [
    () => ({ kind: 'noise', sigma: round(uniform(4, 24), 1) }),
    () => ({ kind: 'blur', sigma: round(uniform(0.6, 2.5), 0.1) }),
    () => ({ kind: 'jpeg', quality: round(uniform(5, 95), 1) }),
    () => ({ kind: 'greyscale' }),
    () => ({ kind: 'gamma', gamma: round(uniform(0.5, 2), 0.05) }),
    () => ({ kind: 'resample', factor: round(uniform(0.25, 0.75), 0.05) }),
    () => ({ kind: 'lowlight', gain: round(uniform(0.3, 0.6), 0.05), sigma: round(uniform(4, 12), 1) }),
  ];
  return Array.from({ length: count }, () => makers[Math.floor(rnd() * makers.length)]!());
}
