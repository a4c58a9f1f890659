/**
 * Synthetic face populations for self-calibration tests: each identity is a random unit direction, each photo that
 * direction plus noise. `shift` mixes one common direction into every identity, which raises every impostor
 * (cosine) score the way an unseen population with a heavier impostor distribution does.
 */
export interface SyntheticPopulation {
  identities: { id: string; photos: Float32Array[] }[];
}

function gaussian(next: () => number): number {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  return v.map((x) => x / n);
}

export function syntheticPopulation(opts: {
  identities: number;
  photos: number;
  dims?: number;
  shift?: number;
  noise?: number;
  seed?: number;
  prefix?: string;
}): SyntheticPopulation {
  const dims = opts.dims ?? 64;
  let x = opts.seed ?? 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
  const common = unit(Float32Array.from({ length: dims }, () => gaussian(next)));
  const shift = opts.shift ?? 0;
  const noise = opts.noise ?? 0.06;
  return {
    identities: Array.from({ length: opts.identities }, (_, i) => {
      const own = unit(Float32Array.from({ length: dims }, () => gaussian(next)));
      const centre = unit(own.map((v, k) => v * (1 - shift) + common[k]! * shift));
      return {
        id: `${opts.prefix ?? 'p'}${String(i).padStart(4, '0')}`,
        photos: Array.from({ length: opts.photos }, () => unit(centre.map((v) => v + gaussian(next) * noise))),
      };
    }),
  };
}
