/**
 * Measures what the person experiences: from the capture click to the decision painted on screen. Recorded as a
 * Performance API measure (readable by tests and devtools) and returned for display.
 */

export const CAPTURE_MARK = 'facegate:capture';
export const DECISION_MEASURE = 'facegate:capture-to-decision';

export function startDecisionTimer(): void {
  performance.clearMarks(CAPTURE_MARK);
  performance.mark(CAPTURE_MARK);
}

/** Resolves after the next paint with the milliseconds since `startDecisionTimer`. */
export async function decisionPainted(): Promise<number> {
  // rAF runs before the paint; the task queued from it runs after the frame has been produced.
  await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.measure(DECISION_MEASURE, CAPTURE_MARK).duration;
}
