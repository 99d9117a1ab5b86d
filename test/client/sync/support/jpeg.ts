// Bytes the server accepts as a JPEG (SOI, APP0, baseline frame header, scan, padding, EOI).
import { createHash } from 'node:crypto';

export function fakeJpeg(width: number, height: number, padding: number, fill = 0x42): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const head = [0xff, 0xd8, ...app0, ...sof, 0xff, 0xda, 0x00, 0x02];
  const out = new Uint8Array(head.length + padding + 2);
  out.set(head, 0);
  out.fill(fill, head.length, head.length + padding);
  out.set([0xff, 0xd9], head.length + padding);
  return out;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
