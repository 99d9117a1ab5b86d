import { describe, expect, it } from 'vitest';
import { ImageRejected, jpegDimensions } from '../../../src/server/blobs/jpeg';

const seg = (marker: number, payload: number[]) => [
  0xff,
  marker,
  (payload.length + 2) >> 8,
  (payload.length + 2) & 255,
  ...payload,
];
const sof = (marker: number, w: number, h: number) =>
  seg(marker, [8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0]);
const jpeg = (...parts: number[][]) => new Uint8Array([0xff, 0xd8, ...parts.flat(), 0xff, 0xd9]);
const rejected = (bytes: Uint8Array) => {
  try {
    jpegDimensions(bytes);
    return null;
  } catch (e) {
    return (e as ImageRejected).code;
  }
};

describe('jpegDimensions (header only, no decoding)', () => {
  it('reads a baseline frame header behind a large APP1 (EXIF) segment', () => {
    const exif = seg(0xe1, new Array(60_000).fill(0x45));
    expect(jpegDimensions(jpeg(exif, sof(0xc0, 1600, 1200)))).toEqual({
      width: 1600,
      height: 1200,
    });
  });

  it('reads progressive frames and skips fill bytes between segments', () => {
    expect(jpegDimensions(jpeg([0xff], sof(0xc2, 800, 600)))).toEqual({ width: 800, height: 600 });
  });

  it('refuses files without a frame header, with a zero size, or declaring too many pixels', () => {
    expect(rejected(jpeg(seg(0xe0, [0, 0, 0])))).toBe('corrupt_jpeg');
    expect(rejected(jpeg(sof(0xc0, 0, 100)))).toBe('bad_dimensions');
    expect(rejected(jpeg(sof(0xc0, 65535, 65535)))).toBe('too_many_pixels');
    expect(rejected(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('not_jpeg');
    expect(rejected(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBe('corrupt_jpeg');
  });

  it('does not mistake a frame marker inside a segment payload for the frame header', () => {
    const tricky = seg(0xe1, [0xff, 0xc0, 0x00, 0x11, 0x08, 0xff, 0xff, 0xff, 0xff]);
    expect(jpegDimensions(jpeg(tricky, sof(0xc0, 10, 20)))).toEqual({ width: 10, height: 20 });
  });
});
