/**
 * Performance API marks at each stage of a capture (page script running, camera live, detector ready, first judged frame, picture
 * steady, photo encoded, verify sent and answered): devtools and the browser tests read them to see where the
 * time from page open to a decision goes. Only the first of each name is kept per page load, so a kiosk that runs
 * for hours does not grow the timeline.
 */
export type Stage =
  | 'page-script'
  | 'camera-live'
  | 'detector-ready'
  | 'first-detect'
  | 'steady'
  | 'photo-encoded'
  | 'verify-sent'
  | 'verify-answered';

export const STAGE_PREFIX = 'facegate:stage:';

export function markStage(stage: Stage): void {
  const name = STAGE_PREFIX + stage;
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
