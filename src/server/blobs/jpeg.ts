// Checks that bytes are a JPEG of acceptable size WITHOUT decoding it: the SOI magic bytes and
// the frame header (SOFn) give width and height, so a "pixel flood" (a tiny file declaring
// 60000×60000 pixels) is refused before anything allocates a bitmap for it.
// Clients re-encode every photo (no metadata survives a canvas), so an APP1 Exif or XMP segment
// means an unprocessed camera file that may carry GPS and device serials: it is refused, and the
// server never stores location metadata inside photo files.
import { MAX_IMAGE_PIXELS } from '../../shared/blobs';
import type { ApiErrorCode } from '../../shared/protocol';

export class ImageRejected extends Error {
  override name = 'ImageRejected';
  constructor(
    readonly status: 415,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const hasJpegMagic = (head: Uint8Array) =>
  head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** APP1 payload prefixes of Exif and XMP (standard and extended). */
const METADATA_PREFIXES = [
  'Exif\0',
  'http://ns.adobe.com/xap/1.0/\0',
  'http://ns.adobe.com/xmp/extension/\0',
].map((p) => Uint8Array.from(p, (ch) => ch.charCodeAt(0)));
const startsWith = (buf: Uint8Array, at: number, prefix: Uint8Array) =>
  prefix.every((b, k) => buf[at + k] === b);

/**
 * An Exif/XMP APP1 segment anywhere in `buf`, also one placed after the frame header or the scan
 * (FF E1 cannot occur in entropy-coded data, where FF is always followed by 00 or a restart marker).
 */
export function hasMetadataSegment(buf: Uint8Array): boolean {
  for (let i = buf.indexOf(0xe1, 1); i !== -1; i = buf.indexOf(0xe1, i + 1)) {
    if (buf[i - 1] === 0xff && METADATA_PREFIXES.some((p) => startsWith(buf, i + 3, p)))
      return true;
  }
  return false;
}

const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

/** Reads width and height from the first frame header; throws ImageRejected. */
export function jpegDimensions(buf: Uint8Array): { width: number; height: number } {
  if (!hasJpegMagic(buf)) throw new ImageRejected(415, 'not_jpeg', 'not a JPEG file');
  if (hasMetadataSegment(buf))
    throw new ImageRejected(
      415,
      'metadata_present',
      'the photo carries Exif/XMP metadata; upload the re-encoded photo',
    );
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let i = 2;
  while (i + 3 < buf.length) {
    if (buf[i] !== 0xff) throw new ImageRejected(415, 'corrupt_jpeg', 'malformed JPEG segment');
    let marker = buf[i + 1]!;
    while (marker === 0xff && i + 2 < buf.length) {
      i++;
      marker = buf[i + 1]!;
    }
    if (STANDALONE.has(marker)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const len = view.getUint16(i + 2);
    if (len < 2) throw new ImageRejected(415, 'corrupt_jpeg', 'malformed JPEG segment length');
    if (SOF.has(marker)) {
      if (i + 9 > buf.length) break;
      const height = view.getUint16(i + 5),
        width = view.getUint16(i + 7);
      if (width === 0 || height === 0)
        throw new ImageRejected(415, 'bad_dimensions', 'the JPEG declares no size');
      if (width * height > MAX_IMAGE_PIXELS)
        throw new ImageRejected(
          415,
          'too_many_pixels',
          `${width}×${height} exceeds ${MAX_IMAGE_PIXELS} pixels`,
        );
      return { width, height };
    }
    i += 2 + len;
  }
  throw new ImageRejected(415, 'corrupt_jpeg', 'no JPEG frame header found');
}
