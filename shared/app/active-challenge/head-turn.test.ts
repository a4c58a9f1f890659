import { describe, expect, it } from 'vitest';
import { headTurnShown, MIN_TURN_DEGREES, promptedTurn } from './head-turn.js';

describe('head turn', () => {
  it('counts a rise of yaw as turning left and a fall as turning right', () => {
    expect(promptedTurn('turn_left', -5, [20])).toBe(25);
    expect(promptedTurn('turn_right', -5, [20])).toBe(-25);
    expect(headTurnShown('turn_left', -5, [20])).toBe(true);
    expect(headTurnShown('turn_right', -5, [20])).toBe(false);
    expect(headTurnShown('turn_right', 10, [-10])).toBe(true);
  });

  it('needs the full minimum turn in one frame, takes the best frame, and ignores unknown yaws', () => {
    expect(headTurnShown('turn_left', 0, [MIN_TURN_DEGREES - 0.1])).toBe(false);
    expect(headTurnShown('turn_left', 0, [MIN_TURN_DEGREES])).toBe(true);
    expect(headTurnShown('turn_left', 0, [3, MIN_TURN_DEGREES + 2, -30])).toBe(true);
    expect(headTurnShown('turn_left', 0, [NaN, 40])).toBe(true);
    expect(promptedTurn('turn_left', 0, [NaN])).toBeNaN();
    expect(headTurnShown('turn_left', NaN, [40])).toBe(false);
    expect(headTurnShown('turn_left', 0, [])).toBe(false);
  });
});
