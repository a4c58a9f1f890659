import { describe, expect, it } from 'vitest';
import { blazeFaceAnchors, decodeBlazeFace, iou, suppressOverlaps } from './blazeface-decode.js';

describe('blazeFaceAnchors', () => {
  it('lays out 896 anchors for the 128 px model: 16x16 cells x 2, then 8x8 cells x 6', () => {
    const anchors = blazeFaceAnchors(128);
    expect(anchors.length).toBe(896 * 2);
    expect([anchors[0], anchors[1]]).toEqual([4, 4]);
    expect([anchors[2], anchors[3]]).toEqual([4, 4]);
    expect([anchors[4], anchors[5]]).toEqual([12, 4]);
    expect([anchors[512 * 2], anchors[512 * 2 + 1]]).toEqual([8, 8]);
    expect([anchors[895 * 2], anchors[895 * 2 + 1]]).toEqual([120, 120]);
  });
});

describe('decodeBlazeFace', () => {
  it('decodes a confident anchor into a box around its centre, and drops low scores', () => {
    const anchors = blazeFaceAnchors(128);
    const logits = new Float32Array(896).fill(-10);
    const regressors = new Float32Array(896 * 16);
    const i = 600; // an anchor of the 8x8 layer
    logits[i] = 3;
    regressors.set([2, -2, 32, 40], i * 16);
    const [face, ...rest] = decodeBlazeFace(logits, regressors, anchors, 128);
    expect(rest).toEqual([]);
    const cx = (anchors[i * 2]! + 2) / 128;
    const cy = (anchors[i * 2 + 1]! - 2) / 128;
    expect(face!.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    expect(face!.x + face!.width / 2).toBeCloseTo(cx, 6);
    expect(face!.y + face!.height / 2).toBeCloseTo(cy, 6);
    expect(face!.width).toBeCloseTo(0.25, 6);
    expect(face!.height).toBeCloseTo(40 / 128, 6);
    expect(face!.keypoints).toHaveLength(6);
  });

  it('keeps the best of overlapping boxes and separate faces apart', () => {
    const box = (x: number, score: number) => ({ score, x, y: 0.2, width: 0.3, height: 0.3, keypoints: [] });
    const kept = suppressOverlaps([box(0.1, 0.7), box(0.12, 0.9), box(0.6, 0.8)], 0.3);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.8]);
    expect(iou(box(0, 1), box(0, 1))).toBe(1);
    expect(iou(box(0, 1), box(0.5, 1))).toBe(0);
  });
});
