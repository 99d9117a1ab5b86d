// Draws the app icons (PNG) in code, once; the output in public/icons is committed.
// Same motif as public/favicon.svg: a white location pin on the programme green.
// Run: node test/tools/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [0x1f, 0x5f, 0x4a];
const LIGHT = [0xe3, 0xef, 0xe9];
const WHITE = [0xff, 0xff, 0xff];

// Pin in a 64-unit box: head circle at (32,26) r 14 with a hole r 5, tip at (32,52).
function pinAt(x, y) {
  const dx = x - 32,
    dy = y - 26,
    d = Math.hypot(dx, dy);
  if (d <= 5.2) return false;
  if (d <= 14) return true;
  const tx = x - 32,
    ty = 52 - y; // vector from tip, pointing up
  if (ty <= 0) return false;
  // The sector from the tip up to the tangent points, joined with the head circle: a teardrop.
  const alpha = Math.asin(14 / 26),
    reach = Math.sqrt(26 ** 2 - 14 ** 2);
  return Math.abs(Math.atan2(tx, ty)) <= alpha && Math.hypot(tx, ty) <= reach;
}
const groundAt = (x, y) => ((x - 32) / 12) ** 2 + ((y - 53.5) / 3) ** 2 <= 1;

function roundedRectAt(x, y, r) {
  const cx = Math.min(Math.max(x, r), 64 - r),
    cy = Math.min(Math.max(y, r), 64 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

/** size px; maskable: full bleed, motif in the 80 % safe circle; else rounded square. */
function draw(size, maskable) {
  const ss = 4,
    px = Buffer.alloc(size * size * 4);
  const scale = maskable ? 0.72 : 1;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sj = 0; sj < ss; sj++)
        for (let si = 0; si < ss; si++) {
          const x = ((i + (si + 0.5) / ss) / size) * 64,
            y = ((j + (sj + 0.5) / ss) / size) * 64;
          if (!maskable && !roundedRectAt(x, y, 12)) continue;
          const mx = 32 + (x - 32) / scale,
            my = 32 + (y - 32) / scale + (maskable ? 1.5 : 0);
          const c = pinAt(mx, my) ? WHITE : groundAt(mx, my) ? LIGHT : GREEN;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      const n = ss * ss,
        o = (j * size + i) * 4,
        cov = a / n / 255;
      px[o] = cov ? Math.round(r / n / cov) : 0;
      px[o + 1] = cov ? Math.round(g / n / cov) : 0;
      px[o + 2] = cov ? Math.round(b / n / cov) : 0;
      px[o + 3] = Math.round(a / n);
    }
  return png(size, px);
}

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), draw(192, false));
writeFileSync(new URL('icon-512.png', out), draw(512, false));
writeFileSync(new URL('icon-maskable-512.png', out), draw(512, true));
writeFileSync(new URL('apple-touch-icon-180.png', out), draw(180, true));
console.log('icons written to public/icons');
