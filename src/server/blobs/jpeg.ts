// Checks that bytes are a JPEG of acceptable size WITHOUT decoding it: the SOI magic bytes and
// the frame header (SOFn) give width and height, so a "pixel flood" (a tiny file declaring
// 60000×60000 pixels) is refused before anything allocates a bitmap for it.
import { MAX_IMAGE_PIXELS } from '../../shared/blobs';

export class ImageRejected extends Error {
  override name = 'ImageRejected';
  constructor(readonly status: 415, readonly code: string, message: string) { super(message); }
}

export const hasJpegMagic = (head: Uint8Array) => head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

/** Reads width and height from the first frame header; throws ImageRejected. */
export function jpegDimensions(buf: Uint8Array): { width: number; height: number } {
  if (!hasJpegMagic(buf)) throw new ImageRejected(415, 'not_jpeg', 'not a JPEG file');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let i = 2;
  while (i + 3 < buf.length) {
    if (buf[i] !== 0xff) throw new ImageRejected(415, 'corrupt_jpeg', 'malformed JPEG segment');
    let marker = buf[i + 1]!;
    while (marker === 0xff && i + 2 < buf.length) { i++; marker = buf[i + 1]!; }
    if (STANDALONE.has(marker)) { i += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) break;
    const len = view.getUint16(i + 2);
    if (len < 2) throw new ImageRejected(415, 'corrupt_jpeg', 'malformed JPEG segment length');
    if (SOF.has(marker)) {
      if (i + 9 > buf.length) break;
      const height = view.getUint16(i + 5), width = view.getUint16(i + 7);
      if (width === 0 || height === 0) throw new ImageRejected(415, 'bad_dimensions', 'the JPEG declares no size');
      if (width * height > MAX_IMAGE_PIXELS) throw new ImageRejected(415, 'too_many_pixels', `${width}×${height} exceeds ${MAX_IMAGE_PIXELS} pixels`);
      return { width, height };
    }
    i += 2 + len;
  }
  throw new ImageRejected(415, 'corrupt_jpeg', 'no JPEG frame header found');
}
