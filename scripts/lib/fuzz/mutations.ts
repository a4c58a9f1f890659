/**
 * Byte-level mutations as fast-check arbitraries: bit flips, truncation, overwriting, insertion, deletion,
 * duplication, header field smashing and splicing the header of one image onto the body of another, plus wholly
 * random bytes with or without an image signature. Pure: the same seed gives the same bytes.
 */
import fc from 'fast-check';

/** One edit of a byte string; positions are fractions so one edit fits inputs of any length. */
export type Mutation =
  | { kind: 'flip'; at: number[]; bits: number[] }
  | { kind: 'truncate'; keep: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'header'; offset: number; value: number }
  | { kind: 'splice'; donor: number; cutHere: number; cutDonor: number };

// A position as a fraction of the length, uniform over [0, 1). Not fc.double: it is uniform over float
// representations, so nearly every value would be tiny and every edit would hit the first bytes (the signature).
const STEPS = 1 << 20;
const fraction = fc.noBias(fc.integer({ min: 0, max: STEPS - 1 })).map((n) => n / STEPS);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: fc.array(fraction, { minLength: 1, maxLength: 16 }),
      bits: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 16, maxLength: 16 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fraction }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('overwrite' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fraction,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 256 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 512 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 2048 }),
    }),
  },
  // Headers hold the dimensions, chunk lengths and marker sizes that decoders trust most.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      offset: fc.integer({ min: 0, max: 255 }),
      value: fc.oneof(fc.constantFrom(0x00, 0xff, 0x7f, 0x80), fc.integer({ min: 0, max: 255 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      donor: fc.nat(),
      cutHere: fraction,
      cutDonor: fraction,
    }),
  },
);

/** Applies `mutation` to `input`; `donors` are the other seeds a splice may take its tail from. */
export function applyMutation(input: Uint8Array, mutation: Mutation, donors: readonly Uint8Array[]): Uint8Array {
  const n = input.length;
  const pos = (f: number) => Math.min(n, Math.floor(f * n));
  switch (mutation.kind) {
    case 'flip': {
      const out = Uint8Array.from(input);
      if (n === 0) return out;
      mutation.at.forEach((f, i) => {
        const p = Math.min(n - 1, Math.floor(f * n));
        out[p] = (out[p] ?? 0) ^ (1 << (mutation.bits[i] ?? 0));
      });
      return out;
    }
    case 'truncate':
      return input.slice(0, pos(mutation.keep));
    case 'overwrite': {
      const out = Uint8Array.from(input);
      out.set(mutation.bytes.subarray(0, Math.max(0, n - pos(mutation.at))), pos(mutation.at));
      return out;
    }
    case 'insert':
      return concat(input.subarray(0, pos(mutation.at)), mutation.bytes, input.subarray(pos(mutation.at)));
    case 'delete':
      return concat(input.subarray(0, pos(mutation.at)), input.subarray(pos(mutation.at) + mutation.length));
    case 'duplicate': {
      const chunk = input.subarray(pos(mutation.at), pos(mutation.at) + mutation.length);
      return concat(
        input.subarray(0, pos(mutation.at) + chunk.length),
        chunk,
        input.subarray(pos(mutation.at) + chunk.length),
      );
    }
    case 'header': {
      const out = Uint8Array.from(input);
      if (mutation.offset < n) out[mutation.offset] = mutation.value;
      return out;
    }
    case 'splice': {
      const donor = donors.length ? (donors[mutation.donor % donors.length] ?? input) : input;
      const cutDonor = Math.floor(mutation.cutDonor * donor.length);
      return concat(input.subarray(0, pos(mutation.cutHere)), donor.subarray(cutDonor));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const SIGNATURES: readonly Uint8Array[] = [
  Uint8Array.of(0xff, 0xd8, 0xff),
  Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 '),
  new TextEncoder().encode('GIF89a'),
];

/** Where a fuzz input came from, so a failure report can say. */
export interface FuzzImage {
  bytes: Uint8Array;
  origin: string;
}

/**
 * Image bytes to throw at a decoder: usually a seed with one to three mutations, sometimes an image signature
 * followed by random bytes, sometimes only random bytes.
 */
export function imageInputArb(seeds: readonly { name: string; bytes: Uint8Array }[]): fc.Arbitrary<FuzzImage> {
  const donors = seeds.map((s) => s.bytes);
  const mutated = fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    })
    .map(({ seed, mutations }) => {
      const base = seeds[seed] ?? { name: 'empty', bytes: new Uint8Array(0) };
      return {
        bytes: mutations.reduce<Uint8Array>((bytes, m) => applyMutation(bytes, m, donors), base.bytes),
        origin: `${base.name} + ${mutations.map((m) => m.kind).join(', ')}`,
      };
    });
  const signed = fc
    .record({ signature: fc.constantFrom(...SIGNATURES), tail: fc.uint8Array({ maxLength: 2048 }) })
    .map(({ signature, tail }) => ({ bytes: concat(signature, tail), origin: 'signature + random bytes' }));
  const random = fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ bytes, origin: 'random bytes' }));
  return fc.oneof(
    { weight: 8, arbitrary: mutated },
    { weight: 1, arbitrary: signed },
    { weight: 1, arbitrary: random },
  );
}
