import { describe, expect, it } from 'vitest';
import { frameAroundFace } from './frame-geometry.js';

describe('frameAroundFace', () => {
  it('centres a 4:3 frame three face widths wide on the face', () => {
    expect(frameAroundFace({ x: 900, y: 500, width: 200, height: 240 }, 1920, 1280)).toEqual({
      left: 700,
      top: 395,
      width: 600,
      height: 450,
    });
  });

  it('shifts the frame inside the photo when the face is near an edge', () => {
    const region = frameAroundFace({ x: 10, y: 1200, width: 100, height: 100 }, 1920, 1280);
    expect(region).toEqual({ left: 0, top: 1055, width: 300, height: 225 });
  });

  it('shrinks the frame to the photo when the photo is too small', () => {
    const region = frameAroundFace({ x: 100, y: 100, width: 200, height: 200 }, 400, 300);
    expect(region).toEqual({ left: 0, top: 0, width: 400, height: 300 });
  });
});
