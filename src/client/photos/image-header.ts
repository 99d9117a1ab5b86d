// Reads type and pixel size from an image file's first bytes, BEFORE anything is decoded:
// a 100-MP bomb or a HEIC file must be refused without spending memory on it.
// Pure functions on bytes, so they are unit-tested without a browser.
import { MAX_IMAGE_PIXELS } from '../../shared/blobs';
import { PHOTO_ERROR, PhotoError } from './errors';

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif';
export type ImageHeader = { kind: ImageKind; width: number; height: number };

/** Bytes read first; a JPEG whose SOF lies further out (huge APP segments) is read whole. */
export const HEAD_BYTES = 256 * 1024;

const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
]);

const ascii = (b: Uint8Array, at: number, n: number) =>
  String.fromCharCode(...b.subarray(at, at + n));
const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number) => ((u16be(b, at) << 16) >>> 0) + u16be(b, at + 2);

/** Result `null` = a JPEG whose size marker lies beyond these bytes (read more). */
export function parseImageHeader(b: Uint8Array, fileSize = b.length): ImageHeader | null {
  if (fileSize === 0 || b.length === 0) throw new PhotoError(PHOTO_ERROR.empty);
  const header = sniff(b, fileSize);
  if (!header) return null;
  if (header.width < 1 || header.height < 1)
    throw new PhotoError(PHOTO_ERROR.corrupt, 'zero dimension');
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new PhotoError(PHOTO_ERROR.tooLarge, `${header.width}×${header.height}`);
  }
  return header;
}

function sniff(b: Uint8Array, fileSize: number): ImageHeader | null {
  if (b[0] === 0xff && b[1] === 0xd8) return jpeg(b, fileSize);
  if (ascii(b, 1, 3) === 'PNG' && b[0] === 0x89) {
    if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR')
      throw new PhotoError(PHOTO_ERROR.corrupt, 'png');
    return { kind: 'png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') {
    if (b.length < 10) throw new PhotoError(PHOTO_ERROR.corrupt, 'gif');
    return { kind: 'gif', width: u16le(b, 6), height: u16le(b, 8) };
  }
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b);
  if (ascii(b, 4, 4) === 'ftyp') {
    const brands = [ascii(b, 8, 4)];
    for (let at = 16; at + 4 <= Math.min(b.length, u32be(b, 0)); at += 4)
      brands.push(ascii(b, at, 4));
    if (brands.some((x) => HEIF_BRANDS.has(x))) throw new PhotoError(PHOTO_ERROR.heic);
    throw new PhotoError(PHOTO_ERROR.unsupported, brands[0]);
  }
  throw new PhotoError(PHOTO_ERROR.corrupt, 'unknown signature');
}

function webp(b: Uint8Array): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { kind: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { kind: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return { kind: 'webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  throw new PhotoError(PHOTO_ERROR.corrupt, 'webp');
}

/** Walks the marker segments to the first SOFn; stops at SOS (no frame header = broken file). */
function jpeg(b: Uint8Array, fileSize: number): ImageHeader | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) throw new PhotoError(PHOTO_ERROR.corrupt, `jpeg: no marker at ${at}`);
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda)
      throw new PhotoError(PHOTO_ERROR.corrupt, 'jpeg: no frame header');
    const len = u16be(b, at + 2);
    if (len < 2) throw new PhotoError(PHOTO_ERROR.corrupt, 'jpeg: bad segment length');
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > b.length) break;
      return { kind: 'jpeg', height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    at += 2 + len;
  }
  if (b.length < fileSize) return null;
  throw new PhotoError(PHOTO_ERROR.corrupt, 'jpeg: truncated before frame header');
}

/** Reads as little of the file as needed to know its type and size. */
export async function readImageHeader(file: Blob): Promise<ImageHeader> {
  if (file.size === 0) throw new PhotoError(PHOTO_ERROR.empty);
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const header = parseImageHeader(head, file.size);
  if (header) return header;
  const whole = parseImageHeader(new Uint8Array(await file.arrayBuffer()), file.size);
  if (!whole) throw new PhotoError(PHOTO_ERROR.corrupt, 'jpeg: no frame header');
  return whole;
}
