// Byte builders for photo tests: image headers and an EXIF APP1 segment (orientation + GPS)
// built by hand, so the tests control exactly what metadata the input carries.

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
  const u16 = (v: number) => { tiff.setUint16(p, v); p += 2; };
  const u32 = (v: number) => { tiff.setUint32(p, v); p += 4; };
  const entry = (tag: number, type: number, count: number, value: () => void) => { u16(tag); u16(type); u32(count); value(); };
  u16(0x4d4d); u16(0x2a); u32(ifd0);
  u16(entries0);
  entry(0x0112, 3, 1, () => { u16(opts.orientation); u16(0); });
  entry(0x8825, 4, 1, () => u32(gps));
  u32(0);
  u16(gpsEntries);
  const ref = (c: string) => () => { tiff.setUint8(p, c.charCodeAt(0)); tiff.setUint8(p + 1, 0); p += 4; };
  entry(0x0001, 2, 2, ref(opts.lat >= 0 ? 'N' : 'S'));
  entry(0x0002, 5, 3, () => u32(latData));
  entry(0x0003, 2, 2, ref(opts.lng >= 0 ? 'E' : 'W'));
  entry(0x0004, 5, 3, () => u32(lngData));
  u32(0);
  for (const deg of [Math.abs(opts.lat), Math.abs(opts.lng)]) {
    const d = Math.floor(deg);
    const m = Math.floor((deg - d) * 60);
    const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
    u32(d); u32(1); u32(m); u32(1); u32(s); u32(100);
  }
  const payload = concat(new TextEncoder().encode('Exif\0\0'), new Uint8Array(tiff.buffer));
  return concat(new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload);
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
  parts.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
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
  return concat(new Uint8Array([0, 0, 0, 24]), new TextEncoder().encode('ftypheic\0\0\0\0mif1heic'));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
