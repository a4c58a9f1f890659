/** eval:pad's figures per perturbation, flat enough for models/floors.json to gate (`apcer_noise_16`, …). */
import type { LivenessResult } from '../../../shared/face/face-engine.js';
import type { PadSample } from './pad-dataset.js';

interface Scanned {
  sample: PadSample;
  result?: Record<string, LivenessResult>;
}

export interface PerturbationFigures {
  apcer_per_perturbation: Record<
    string,
    {
      attacks: number;
      accepted: number;
      refused_tampered: number;
      apcer: number;
      per_attack_type: Record<string, number>;
    }
  >;
  bpcer_per_perturbation: Record<string, { live: number; rejected: number; bpcer: number }>;
  /** `apcer_<perturbation>` and `bpcer_<perturbation>` as plain numbers, for the floors. */
  [flat: string]: unknown;
}

export function perturbationFigures(scanned: readonly Scanned[], threshold: number): PerturbationFigures {
  const apcer: PerturbationFigures['apcer_per_perturbation'] = {};
  const bpcer: PerturbationFigures['bpcer_per_perturbation'] = {};
  const typeCounts: Record<string, Record<string, { n: number; a: number }>> = {};
  for (const s of scanned) {
    // No face: a stopped attack, a rejected bona fide presentation, under every perturbation.
    const results = s.result ?? {};
    const names = s.result ? Object.keys(results) : ['original'];
    for (const name of names) {
      const r = results[name];
      const accepted = r !== undefined && r.score >= threshold && !r.tampered;
      if (s.sample.live) {
        const b = (bpcer[name] ??= { live: 0, rejected: 0, bpcer: 0 });
        b.live++;
        if (!accepted) b.rejected++;
      } else {
        const a = (apcer[name] ??= { attacks: 0, accepted: 0, refused_tampered: 0, apcer: 0, per_attack_type: {} });
        a.attacks++;
        if (accepted) a.accepted++;
        if (r?.tampered) a.refused_tampered++;
        const t = ((typeCounts[name] ??= {})[s.sample.attackType] ??= { n: 0, a: 0 });
        t.n++;
        if (accepted) t.a++;
      }
    }
  }
  const flat: Record<string, number> = {};
  for (const [name, a] of Object.entries(apcer)) {
    a.apcer = a.accepted / a.attacks;
    a.per_attack_type = Object.fromEntries(Object.entries(typeCounts[name] ?? {}).map(([k, t]) => [k, t.a / t.n]));
    flat[`apcer_${name}`] = a.apcer;
  }
  for (const [name, b] of Object.entries(bpcer)) {
    b.bpcer = b.rejected / b.live;
    flat[`bpcer_${name}`] = b.bpcer;
  }
  return { apcer_per_perturbation: apcer, bpcer_per_perturbation: bpcer, ...flat };
}

/** The subject whose attacks got through most often, among subjects with at least 10 attack images. */
export function worstSubjectApcer(perSubject: Record<string, unknown>): { subject: string; apcer: number } {
  let worst = { subject: 'none', apcer: 0 };
  for (const [subject, f] of Object.entries(perSubject)) {
    const r = f as { attacks?: number; apcer_pooled?: number };
    const apcer = r.apcer_pooled;
    if ((r.attacks ?? 0) >= 10 && apcer !== undefined && (worst.subject === 'none' || apcer > worst.apcer)) {
      worst = { subject, apcer };
    }
  }
  return worst;
}
