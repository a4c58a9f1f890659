/** Scenario assertions: a failed one throws with a message that says what was expected and what was seen. */

export class ExpectationFailed extends Error {
  override readonly name = 'ExpectationFailed';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ExpectationFailed(message);
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected)
    throw new ExpectationFailed(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
