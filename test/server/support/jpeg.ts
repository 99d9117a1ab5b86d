// Bytes that pass the server's JPEG checks: SOI, APP0, a baseline frame header, a scan, padding, EOI.
import { createHash } from 'node:crypto';

export function fakeJpeg(width: number, height: number, padding = 1000): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const pad = Buffer.alloc(padding, 0x42);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xda, 0x00, 0x02]), pad, Buffer.from([0xff, 0xd9])]);
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
