// A phone photo's tell-tale metadata, built in code: EXIF with GPS (test/client/photos fixtures),
// a second EXIF block with the camera body's serial number (Exif SubIFD tag 0xA431), an XMP
// packet with GPS and serial, and a JPEG comment with the serial. The markers below must never
// be found in what the app stores.
import { concat, exifApp1, spliceAfterSoi } from '../../client/photos/jpeg-fixtures';

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
  v.setUint16(8, 1); v.setUint16(10, 0x8769); v.setUint16(12, 4); v.setUint32(14, 1); v.setUint32(18, 26); v.setUint32(22, 0);
  v.setUint16(26, 1); v.setUint16(28, 0xa431); v.setUint16(30, 2); v.setUint32(32, ascii.length); v.setUint32(36, 44); v.setUint32(40, 0);
  b.set(ascii, 44);
  return segment(0xe1, concat(new TextEncoder().encode('Exif\0\0'), b));
}

function xmp(): Uint8Array {
  const packet = `${XMP_NS}\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`
    + `<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" `
    + `exif:GPSLatitude="50,7.404N" exif:GPSLongitude="8,45.6E" aux:SerialNumber="${SERIAL}" exif:GPSAltitude="50.1234"/></rdf:RDF></x:xmpmeta>`;
  return segment(0xe1, new TextEncoder().encode(packet));
}

/** `jpeg` with GPS (EXIF and XMP) and a device serial (EXIF, XMP, comment) spliced in after SOI. */
export function withTellTales(jpeg: Uint8Array): Uint8Array {
  const comment = segment(0xfe, new TextEncoder().encode(`camera ${SERIAL}`));
  return spliceAfterSoi(jpeg, concat(exifApp1({ orientation: 1, lat: 50.1234, lng: 8.76 }), serialExif(), xmp(), comment));
}
