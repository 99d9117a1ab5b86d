// Every image the tests use, built in code: JPEGs the server accepts (`fakeJpeg`), bare image
// headers for the client's sniffing and sizing, an EXIF APP1 segment (orientation + GPS), and a
// phone photo's tell-tale metadata for the privacy checks. Built by hand, so each test controls
// exactly what the input carries.
import { createHash } from 'node:crypto';

/** Bytes the server accepts as a JPEG (a Buffer, so also a Uint8Array): SOI, APP0, a baseline frame header, a scan, `padding` bytes of `fill`, EOI. */
export function fakeJpeg(width: number, height: number, padding = 1000, fill = 0x42): Buffer {
  const app0 = [
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00,
  ];
  const sof = [
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    0x03,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  const head = [0xff, 0xd8, ...app0, ...sof, 0xff, 0xda, 0x00, 0x02];
  const out = new Uint8Array(head.length + padding + 2);
  out.set(head, 0);
  out.fill(fill, head.length, head.length + padding);
  out.set([0xff, 0xd9], head.length + padding);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Big-endian TIFF/EXIF payload of an APP1 segment: IFD0 {Orientation, GPS pointer} + GPS IFD. */
export function exifApp1(opts: { orientation: number; lat: number; lng: number }): Uint8Array {
  const entries0 = 2;
  const ifd0 = 8;
  const ifd0Size = 2 + entries0 * 12 + 4;
  const gps = ifd0 + ifd0Size;
  const gpsEntries = 4;
  const gpsSize = 2 + gpsEntries * 12 + 4;
  const latData = gps + gpsSize;
  const lngData = latData + 24;
  const tiff = new DataView(new ArrayBuffer(lngData + 24));
  let p = 0;
  const u16 = (v: number) => {
    tiff.setUint16(p, v);
    p += 2;
  };
  const u32 = (v: number) => {
    tiff.setUint32(p, v);
    p += 4;
  };
  const entry = (tag: number, type: number, count: number, value: () => void) => {
    u16(tag);
    u16(type);
    u32(count);
    value();
  };
  u16(0x4d4d);
  u16(0x2a);
  u32(ifd0);
  u16(entries0);
  entry(0x0112, 3, 1, () => {
    u16(opts.orientation);
    u16(0);
  });
  entry(0x8825, 4, 1, () => u32(gps));
  u32(0);
  u16(gpsEntries);
  const ref = (c: string) => () => {
    tiff.setUint8(p, c.charCodeAt(0));
    tiff.setUint8(p + 1, 0);
    p += 4;
  };
  entry(0x0001, 2, 2, ref(opts.lat >= 0 ? 'N' : 'S'));
  entry(0x0002, 5, 3, () => u32(latData));
  entry(0x0003, 2, 2, ref(opts.lng >= 0 ? 'E' : 'W'));
  entry(0x0004, 5, 3, () => u32(lngData));
  u32(0);
  for (const deg of [Math.abs(opts.lat), Math.abs(opts.lng)]) {
    const d = Math.floor(deg);
    const m = Math.floor((deg - d) * 60);
    const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
    u32(d);
    u32(1);
    u32(m);
    u32(1);
    u32(s);
    u32(100);
  }
  const payload = concat(new TextEncoder().encode('Exif\0\0'), new Uint8Array(tiff.buffer));
  return concat(
    new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]),
    payload,
  );
}

/** Inserts a segment right after SOI. */
export function spliceAfterSoi(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  return concat(jpeg.subarray(0, 2), segment, jpeg.subarray(2));
}

/** Segments of a JPEG up to SOS: [marker, payload]. */
export function jpegSegments(b: Uint8Array): { marker: number; payload: Uint8Array }[] {
  const out: { marker: number; payload: Uint8Array }[] = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1]!;
    const len = (b[at + 2]! << 8) | b[at + 3]!;
    out.push({ marker, payload: b.subarray(at + 4, at + 2 + len) });
    if (marker === 0xda) break;
    at += 2 + len;
  }
  return out;
}

/** A minimal JPEG header (SOI, APP0, optional filler APP segment, SOF0) with the given size. No scan data. */
export function jpegHeader(width: number, height: number, fillerBytes = 0): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const parts: number[] = [0xff, 0xd8, ...app0];
  let left = fillerBytes;
  while (left > 0) {
    const n = Math.min(left, 65000);
    parts.push(0xff, 0xe2, (n + 2) >> 8, (n + 2) & 0xff, ...new Array<number>(n).fill(0x20));
    left -= n;
  }
  parts.push(
    0xff,
    0xc0,
    0,
    17,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  );
  parts.push(0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0);
  return new Uint8Array(parts);
}

export function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

/** The first bytes of an iPhone HEIC: ftyp box with major brand heic. */
export function heicHeader(): Uint8Array {
  return concat(
    new Uint8Array([0, 0, 0, 24]),
    new TextEncoder().encode('ftypheic\0\0\0\0mif1heic'),
  );
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// A phone photo's tell-tale metadata: EXIF with GPS, a second EXIF block with the camera body's
// serial number (Exif SubIFD tag 0xA431), an XMP packet with GPS and serial, and a JPEG comment
// with the serial. The markers below must never be found in what the app stores.

export const SERIAL = 'SN-PRIVACY-4711';
export const XMP_NS = 'http://ns.adobe.com/xap/1.0/';
/** Byte strings that betray metadata in a stored JPEG. */
export const MARKERS = ['Exif', 'GPS', SERIAL, XMP_NS, 'adobe:ns:meta', '50.1234'];

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const len = payload.length + 2;
  return concat(new Uint8Array([0xff, marker, len >> 8, len & 0xff]), payload);
}

function serialExif(): Uint8Array {
  const ascii = new TextEncoder().encode(`${SERIAL}\0`);
  const b = new Uint8Array(8 + 18 + 18 + ascii.length);
  const v = new DataView(b.buffer);
  b.set([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]); // big-endian TIFF header, IFD0 at 8
  v.setUint16(8, 1);
  v.setUint16(10, 0x8769);
  v.setUint16(12, 4);
  v.setUint32(14, 1);
  v.setUint32(18, 26);
  v.setUint32(22, 0);
  v.setUint16(26, 1);
  v.setUint16(28, 0xa431);
  v.setUint16(30, 2);
  v.setUint32(32, ascii.length);
  v.setUint32(36, 44);
  v.setUint32(40, 0);
  b.set(ascii, 44);
  return segment(0xe1, concat(new TextEncoder().encode('Exif\0\0'), b));
}

function xmp(): Uint8Array {
  const packet =
    `${XMP_NS}\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" ` +
    `exif:GPSLatitude="50,7.404N" exif:GPSLongitude="8,45.6E" aux:SerialNumber="${SERIAL}" exif:GPSAltitude="50.1234"/></rdf:RDF></x:xmpmeta>`;
  return segment(0xe1, new TextEncoder().encode(packet));
}

/** `jpeg` with GPS (EXIF and XMP) and a device serial (EXIF, XMP, comment) spliced in after SOI. */
export function withTellTales(jpeg: Uint8Array): Uint8Array {
  const comment = segment(0xfe, new TextEncoder().encode(`camera ${SERIAL}`));
  return spliceAfterSoi(
    jpeg,
    concat(exifApp1({ orientation: 1, lat: 50.1234, lng: 8.76 }), serialExif(), xmp(), comment),
  );
}
