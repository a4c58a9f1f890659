/**
 * `items[index]` where the caller's logic says the index exists (a parallel array, an index found earlier). A
 * broken promise is a RangeError naming what was looked up, never an `undefined` that surfaces later as a
 * confusing TypeError or a silently missing field.
 *
 * @throws RangeError when `index` is not an integer within `items`.
 */
export function itemAt<T>(items: ArrayLike<T>, index: number, what = 'item'): T {
  if (!Number.isInteger(index) || index < 0 || index >= items.length) {
    throw new RangeError(`${what} ${index} is missing: there are ${items.length}`);
  }
  // In range, so the element is a T (which may itself allow undefined); only the index type does not know it.
  return items[index] as T;
}
