/**
 * Each element with the one before it, in order: `[a, b, c]` gives `[a, b]`, `[b, c]`. For walks along a curve
 * or a sorted list that compare neighbours, without index arithmetic that could step off either end.
 */
export function* consecutivePairs<T>(items: Iterable<T>): Generator<[previous: T, current: T]> {
  // Boxed, so an element that is itself undefined still counts as a previous one.
  let previous: { value: T } | undefined;
  for (const current of items) {
    if (previous) yield [previous.value, current];
    previous = { value: current };
  }
}
