import type { ImagePair } from './pairs-file.js';

/**
 * The first `limit` pairs for a quick run, taken round-robin over (fold, genuine/impostor) groups in file order,
 * so a small run still has both classes and every fold (pairs.txt lists all genuine pairs of a fold first).
 */
export function limitPairs(pairs: readonly ImagePair[], limit: number): ImagePair[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (limit >= pairs.length) return [...pairs];
  const groups = new Map<string, ImagePair[]>();
  for (const pair of pairs) {
    const key = `${pair.fold}:${pair.genuine}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(pair);
  }
  const queues = [...groups.values()];
  const chosen: ImagePair[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    for (const queue of queues) {
      const pair = queue[round];
      if (pair !== undefined && chosen.length < limit) chosen.push(pair);
    }
  }
  return chosen.sort((x, y) => x.index - y.index);
}
