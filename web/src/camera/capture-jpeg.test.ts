import { describe, expect, it } from 'vitest';
import { dataUrlToBlob, fitWithin } from './capture-jpeg.js';

describe('fitWithin', () => {
  it('scales the longest side down to the cap and keeps the aspect ratio', () => {
    expect(fitWithin(1280, 720, 640)).toEqual({ width: 640, height: 360 });
    expect(fitWithin(3024, 4032, 1280)).toEqual({ width: 960, height: 1280 });
  });

  it('never scales up and never returns a zero side', () => {
    expect(fitWithin(320, 240, 640)).toEqual({ width: 320, height: 240 });
    expect(fitWithin(10_000, 1, 640)).toEqual({ width: 640, height: 1 });
  });
});

describe('dataUrlToBlob', () => {
  it('decodes a base64 data URL into its bytes and media type', async () => {
    const blob = dataUrlToBlob(
      `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x7f]).toString('base64')}`,
    );
    expect(blob.type).toBe('image/jpeg');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0x00, 0x7f]);
  });

  it('refuses what is not a base64 data URL (a browser that cannot encode JPEG answers "data:,")', () => {
    expect(() => dataUrlToBlob('data:,')).toThrow('could not be encoded');
    expect(() => dataUrlToBlob('data:image/png,abc')).toThrow('could not be encoded');
  });
});
