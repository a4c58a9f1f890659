import { describe, expect, it } from 'vitest';
import type { FrameObservation, ObservedFace } from './capture-guidance.js';
import { assessFrame, movement, OVAL_CENTRE } from './capture-guidance.js';
import { SteadyHold } from './steady-hold.js';

/** A well-lit face of the given width centred on the oval. */
const face = (over: Partial<ObservedFace> = {}): ObservedFace => {
  const width = over.width ?? 0.33;
  const height = over.height ?? width * (4 / 3);
  return {
    x: OVAL_CENTRE.x - width / 2,
    y: OVAL_CENTRE.y - height / 2,
    width,
    height,
    score: 0.9,
    luma: 120,
    ...over,
  };
};
const frame = (...faces: ObservedFace[]): FrameObservation => ({ faces, frameLuma: 110 });

describe('assessFrame', () => {
  it('accepts one centred, well-lit face of a good size', () => {
    expect(assessFrame(frame(face()), face()).code).toBe('ok');
  });

  it('asks for the one thing to fix, in the order a person can act on', () => {
    expect(assessFrame(frame(), null).code).toBe('no_face');
    expect(assessFrame({ faces: [], frameLuma: 20 }, null).code).toBe('too_dark');
    expect(assessFrame(frame(face(), face({ x: 0.05, width: 0.3 })), null).code).toBe('multiple_faces');
    expect(assessFrame(frame(face({ luma: 30 })), null).code).toBe('too_dark');
    expect(assessFrame(frame(face({ luma: 240 })), null).code).toBe('too_bright');
    expect(assessFrame(frame(face({ width: 0.12 })), null).code).toBe('move_closer');
    expect(assessFrame(frame(face({ width: 0.8 })), null).code).toBe('move_back');
    expect(assessFrame(frame(face({ x: 0.6 })), null).code).toBe('centre');
    expect(assessFrame(frame(face({ y: 0.5 })), null).code).toBe('centre');
    expect(assessFrame(frame(face()), face({ x: face().x + 0.1 })).code).toBe('hold_still');
  });

  it('ignores a small face far in the background', () => {
    expect(assessFrame(frame(face(), face({ x: 0.02, y: 0.02, width: 0.08 })), face()).code).toBe('ok');
  });

  it('measures movement relative to the face size', () => {
    expect(movement(face(), face())).toBe(0);
    expect(movement(face(), face({ x: face().x + 0.033 }))).toBeCloseTo(0.1, 5);
  });
});

describe('SteadyHold', () => {
  it('fills over the hold time while frames stay good and empties on a bad one', () => {
    const hold = new SteadyHold(600);
    expect(hold.update(true, 1000)).toBe(0);
    expect(hold.update(true, 1300)).toBeCloseTo(0.5);
    expect(hold.update(false, 1400)).toBe(0);
    expect(hold.update(true, 1500)).toBe(0);
    expect(hold.update(true, 2200)).toBe(1);
  });

  it('also waits for enough good frames when detections are slow', () => {
    const hold = new SteadyHold(400, 3);
    expect(hold.update(true, 0)).toBe(0);
    expect(hold.update(true, 500)).toBeCloseTo(2 / 3);
    expect(hold.update(true, 600)).toBe(1);
    hold.reset();
    expect(hold.update(true, 1000)).toBe(0);
    expect(hold.update(true, 1100)).toBeCloseTo(0.25);
    expect(hold.update(true, 1200)).toBeCloseTo(0.5);
    expect(hold.update(true, 1400)).toBe(1);
  });
});
