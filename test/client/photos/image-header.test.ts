import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_PIXELS } from '../../../src/shared/blobs';
import { PhotoError } from '../../../src/client/photos/errors';
import {
  HEAD_BYTES,
  parseImageHeader,
  readImageHeader,
} from '../../../src/client/photos/image-header';
import { exifApp1, heicHeader, jpegHeader, pngHeader, spliceAfterSoi } from '../../support/jpeg';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof PhotoError ? e.code : `other: ${String(e)}`;
  }
  return 'no error';
};
const codeOfAsync = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e) => (e instanceof PhotoError ? e.code : `other: ${String(e)}`),
  );

describe('image header checks run on bytes, before any decode', () => {
  it('reads JPEG dimensions from the SOF segment, also behind an EXIF segment', () => {
    expect(parseImageHeader(jpegHeader(4000, 3000))).toEqual({
      kind: 'jpeg',
      width: 4000,
      height: 3000,
    });
    const withExif = spliceAfterSoi(
      jpegHeader(4032, 3024),
      exifApp1({ orientation: 6, lat: 50.1, lng: 8.7 }),
    );
    expect(parseImageHeader(withExif)).toEqual({ kind: 'jpeg', width: 4032, height: 3024 });
  });

  it('reads PNG, GIF and WebP sizes', () => {
    expect(parseImageHeader(pngHeader(800, 600))).toEqual({ kind: 'png', width: 800, height: 600 });
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 0x20, 0x03, 0x58, 0x02]);
    expect(parseImageHeader(gif)).toEqual({ kind: 'gif', width: 800, height: 600 });
    const vp8x = new Uint8Array(30);
    vp8x.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'));
    vp8x.set([0x1f, 0x03, 0x00, 0x57, 0x02, 0x00], 24); // 800-1, 600-1 as 24-bit LE
    expect(parseImageHeader(vp8x)).toEqual({ kind: 'webp', width: 800, height: 600 });
  });

  it('refuses an image above MAX_IMAGE_PIXELS from its header alone', () => {
    expect(MAX_IMAGE_PIXELS).toBe(40_000_000);
    expect(codeOf(() => parseImageHeader(jpegHeader(8000, 6000)))).toBe('tooLarge'); // 48 MP
    expect(codeOf(() => parseImageHeader(pngHeader(7000, 6000)))).toBe('tooLarge');
    expect(parseImageHeader(jpegHeader(8000, 5000))).toMatchObject({ width: 8000 }); // exactly 40 MP is fine
  });

  it('names HEIC, empty, corrupt and unknown files', () => {
    expect(codeOf(() => parseImageHeader(heicHeader()))).toBe('heic');
    expect(codeOf(() => parseImageHeader(new Uint8Array(0)))).toBe('empty');
    expect(
      codeOf(() => parseImageHeader(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))),
    ).toBe('corrupt');
    // A JPEG whose segments reach SOS without a frame header is broken.
    const noSof = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]);
    expect(codeOf(() => parseImageHeader(noSof))).toBe('corrupt');
    // Truncated inside the segment chain.
    expect(codeOf(() => parseImageHeader(jpegHeader(100, 100).subarray(0, 10)))).toBe('corrupt');
    expect(codeOf(() => parseImageHeader(pngHeader(0, 10)))).toBe('corrupt');
  });

  it('reads further into a file whose frame header lies beyond the first chunk', async () => {
    const big = jpegHeader(3000, 2000, HEAD_BYTES + 1000);
    expect(parseImageHeader(big.subarray(0, HEAD_BYTES), big.length)).toBeNull();
    await expect(readImageHeader(new Blob([big as BlobPart]))).resolves.toEqual({
      kind: 'jpeg',
      width: 3000,
      height: 2000,
    });
  });

  it('readImageHeader gives the same codes for Blobs', async () => {
    expect(await codeOfAsync(readImageHeader(new Blob([])))).toBe('empty');
    expect(await codeOfAsync(readImageHeader(new Blob([heicHeader() as BlobPart])))).toBe('heic');
    expect(await codeOfAsync(readImageHeader(new Blob([jpegHeader(9000, 9000) as BlobPart])))).toBe(
      'tooLarge',
    );
  });
});
