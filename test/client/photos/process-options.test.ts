import { describe, expect, it } from 'vitest';
import { PHOTO_ERROR } from '../../../src/client/photos/errors';
import { pt } from '../../../src/client/i18n/photos';
import { LONG_EDGE, clampLongEdge, fitLongEdge } from '../../../src/client/photos/process-image';

describe('downscale geometry', () => {
  it('fits the long edge, keeps the aspect ratio and never upscales', () => {
    expect(fitLongEdge(3000, 4000, 1600)).toEqual({ width: 1200, height: 1600 });
    expect(fitLongEdge(4032, 3024, 1600)).toEqual({ width: 1600, height: 1200 });
    expect(fitLongEdge(800, 600, 1600)).toEqual({ width: 800, height: 600 });
    expect(fitLongEdge(1200, 1600, 320)).toEqual({ width: 240, height: 320 });
    expect(fitLongEdge(10000, 1, 1600)).toEqual({ width: 1600, height: 1 });
  });

  it('keeps the long-edge setting within 1024–2560, 1600 by default', () => {
    expect(LONG_EDGE.default).toBe(1600);
    expect(clampLongEdge(500)).toBe(1024);
    expect(clampLongEdge(9999)).toBe(2560);
    expect(clampLongEdge(2048)).toBe(2048);
    expect(clampLongEdge(Number.NaN)).toBe(1600);
  });
});

describe('photo texts', () => {
  it('German and English have the same keys and every error code has a message in both', () => {
    const PHOTO_TEXT = pt.tables;
    expect(Object.keys(PHOTO_TEXT.en).sort()).toEqual(Object.keys(PHOTO_TEXT.de).sort());
    for (const code of [...Object.values(PHOTO_ERROR), 'other']) {
      expect(PHOTO_TEXT.de[`err_${code}` as keyof typeof PHOTO_TEXT.de]).toMatch(/\S/);
      expect(PHOTO_TEXT.en[`err_${code}` as keyof typeof PHOTO_TEXT.en]).toMatch(/\S/);
    }
  });
});
