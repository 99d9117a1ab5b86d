// A small TrueType reader and glyph subsetter in the shape of the part of fontkit that pdf-lib's
// `embedFont(bytes, { subset: true })` calls (create, layout, createSubset, encodeStream). It
// replaces @pdf-lib/fontkit (330 KB gzip) for the PDF reports: the fonts in ./fonts are already
// reduced to the characters a report can contain and carry no layout tables, so one glyph per
// code point (after NFC) positioned by its advance width is all the PDF needs. Each PDF embeds
// only the glyphs it uses (renumbered, composite glyphs with their parts), as fontkit did.

type Table = { offset: number; length: number };

export type TtfGlyph = { id: number; advanceWidth: number; codePoints: number[] };

const u16 = (v: DataView, o: number) => v.getUint16(o);
const i16 = (v: DataView, o: number) => v.getInt16(o);
const u32 = (v: DataView, o: number) => v.getUint32(o);

function tables(v: DataView): Map<string, Table> {
  const out = new Map<string, Table>();
  const n = u16(v, 4);
  for (let i = 0; i < n; i++) {
    const e = 12 + 16 * i;
    const tag = String.fromCharCode(
      v.getUint8(e),
      v.getUint8(e + 1),
      v.getUint8(e + 2),
      v.getUint8(e + 3),
    );
    out.set(tag, { offset: u32(v, e + 8), length: u32(v, e + 12) });
  }
  return out;
}

/** Unicode → glyph id from the (3,1) or (3,10) / (0,x) subtable, formats 4 and 12. */
function readCmap(v: DataView, t: Table): Map<number, number> {
  const map = new Map<number, number>();
  const n = u16(v, t.offset + 2);
  let best = -1;
  let bestFormat = 0;
  for (let i = 0; i < n; i++) {
    const e = t.offset + 4 + 8 * i;
    const platform = u16(v, e);
    const sub = t.offset + u32(v, e + 4);
    const format = u16(v, sub);
    if (
      (platform === 3 || platform === 0) &&
      (format === 4 || format === 12) &&
      format >= bestFormat
    ) {
      best = sub;
      bestFormat = format;
    }
  }
  if (best < 0) throw new Error('font has no Unicode cmap');
  if (bestFormat === 12) {
    const groups = u32(v, best + 12);
    for (let g = 0; g < groups; g++) {
      const e = best + 16 + 12 * g;
      const start = u32(v, e);
      const end = u32(v, e + 4);
      const gid = u32(v, e + 8);
      for (let c = start; c <= end; c++) map.set(c, gid + c - start);
    }
    return map;
  }
  const segs = u16(v, best + 6) / 2;
  const ends = best + 14;
  const starts = ends + 2 * segs + 2;
  const deltas = starts + 2 * segs;
  const ranges = deltas + 2 * segs;
  for (let s = 0; s < segs; s++) {
    const start = u16(v, starts + 2 * s);
    const end = u16(v, ends + 2 * s);
    const delta = i16(v, deltas + 2 * s);
    const rangeOffset = u16(v, ranges + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let gid: number;
      if (rangeOffset === 0) gid = (c + delta) & 0xffff;
      else {
        const at = ranges + 2 * s + rangeOffset + 2 * (c - start);
        gid = u16(v, at);
        if (gid !== 0) gid = (gid + delta) & 0xffff;
      }
      if (gid !== 0) map.set(c, gid);
    }
  }
  return map;
}

function postscriptName(v: DataView, t: Table | undefined): string {
  if (!t) return 'Font';
  const count = u16(v, t.offset + 2);
  const strings = t.offset + u16(v, t.offset + 4);
  for (let i = 0; i < count; i++) {
    const r = t.offset + 6 + 12 * i;
    if (u16(v, r + 6) !== 6) continue;
    const platform = u16(v, r);
    const len = u16(v, r + 8);
    const at = strings + u16(v, r + 10);
    let s = '';
    if (platform === 3 || platform === 0)
      for (let k = 0; k < len; k += 2) s += String.fromCharCode(u16(v, at + k));
    else for (let k = 0; k < len; k++) s += String.fromCharCode(v.getUint8(at + k));
    if (s) return s;
  }
  return 'Font';
}

export class TtfFont {
  readonly cff = false;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly postscriptName: string;
  readonly head: { macStyle: { italic: boolean } };
  readonly post: { isFixedPitch: boolean };
  readonly 'OS/2': { sFamilyClass: number };
  private readonly v: DataView;
  private readonly t: Map<string, Table>;
  private readonly cmap: Map<number, number>;
  private readonly longLoca: boolean;
  private readonly hMetrics: number;
  /** Offsets of the tables read per glyph (found once here, not per glyph). */
  private readonly hmtx: number;
  private readonly loca: number;
  private readonly glyf: number;
  private readonly glyphs = new Map<number, TtfGlyph>();

  constructor(readonly data: Uint8Array) {
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const t = tables(v);
    const need = (tag: string) => {
      const x = t.get(tag);
      if (!x) throw new Error(`font has no ${tag} table (TrueType outlines needed)`);
      return x.offset;
    };
    this.v = v;
    this.t = t;
    const head = need('head');
    const hhea = need('hhea');
    this.glyf = need('glyf');
    this.loca = need('loca');
    this.hmtx = need('hmtx');
    need('maxp'); // copied into the subset
    this.unitsPerEm = u16(v, head + 18);
    this.bbox = {
      minX: i16(v, head + 36),
      minY: i16(v, head + 38),
      maxX: i16(v, head + 40),
      maxY: i16(v, head + 42),
    };
    this.head = { macStyle: { italic: (u16(v, head + 44) & 2) !== 0 } };
    this.longLoca = i16(v, head + 50) === 1;
    this.ascent = i16(v, hhea + 4);
    this.descent = i16(v, hhea + 6);
    this.hMetrics = u16(v, hhea + 34);
    const post = t.get('post');
    this.italicAngle = post ? v.getInt32(post.offset + 4) / 65536 : 0;
    this.post = { isFixedPitch: post ? u32(v, post.offset + 12) !== 0 : false };
    const os2 = t.get('OS/2');
    const os2Version = os2 ? u16(v, os2.offset) : 0;
    this['OS/2'] = { sFamilyClass: os2 ? i16(v, os2.offset + 30) : 0 };
    this.xHeight = os2 && os2Version >= 2 ? i16(v, os2.offset + 86) : 0;
    this.capHeight = os2 && os2Version >= 2 ? i16(v, os2.offset + 88) : this.ascent;
    this.postscriptName = postscriptName(v, t.get('name'));
    need('cmap');
    this.cmap = readCmap(v, t.get('cmap')!);
  }

  /** A copy of a table's bytes (its first `len` bytes if given). */
  tableBytes(tag: string, len?: number): Uint8Array {
    const x = this.t.get(tag)!;
    return this.data.slice(x.offset, x.offset + (len ?? x.length));
  }

  hasGlyphForCodePoint(cp: number): boolean {
    return this.cmap.has(cp);
  }

  advanceWidth(gid: number): number {
    return u16(this.v, this.hmtx + 4 * Math.min(gid, this.hMetrics - 1));
  }

  leftSideBearing(gid: number): number {
    const hmtx = this.hmtx;
    return gid < this.hMetrics
      ? i16(this.v, hmtx + 4 * gid + 2)
      : i16(this.v, hmtx + 4 * this.hMetrics + 2 * (gid - this.hMetrics));
  }

  /** Byte range of a glyph's outline in the glyf table (empty for blanks such as the space). */
  glyphRange(gid: number): [number, number] {
    const at = (i: number) =>
      this.longLoca ? u32(this.v, this.loca + 4 * i) : 2 * u16(this.v, this.loca + 2 * i);
    return [this.glyf + at(gid), this.glyf + at(gid + 1)];
  }

  /** The glyph of a code point (.notdef if the font lacks it), made once per glyph. */
  glyphForCodePoint(cp: number): TtfGlyph {
    const gid = this.cmap.get(cp) ?? 0;
    let g = this.glyphs.get(gid);
    if (!g) {
      g = { id: gid, advanceWidth: this.advanceWidth(gid), codePoints: [cp] };
      this.glyphs.set(gid, g);
    }
    return g;
  }

  /** One glyph per code point of the NFC form; a character the font lacks becomes .notdef. */
  layout(text: string): { glyphs: TtfGlyph[] } {
    const glyphs: TtfGlyph[] = [];
    for (const ch of text.normalize('NFC')) glyphs.push(this.glyphForCodePoint(ch.codePointAt(0)!));
    return { glyphs };
  }

  createSubset(): TtfSubset {
    return new TtfSubset(this);
  }
}

const ARG_WORDS = 0x0001;
const HAS_SCALE = 0x0008;
const MORE = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;

/** A font of the included glyphs only, numbered in order of inclusion (.notdef first). */
export class TtfSubset {
  private readonly ids: number[] = [0];
  private readonly mapping = new Map<number, number>([[0, 0]]);

  constructor(private readonly font: TtfFont) {}

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'number' ? glyph : glyph.id;
    let n = this.mapping.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.mapping.set(id, n);
    }
    return n;
  }

  /** The subset font as TrueType bytes (head, hhea, maxp, hmtx, loca, glyf, post). */
  encode(): Uint8Array {
    const f = this.font;
    const src = f.data;
    const outlines: Uint8Array[] = [];
    // Composite glyphs add their parts to `ids` while the loop runs.
    for (let i = 0; i < this.ids.length; i++) {
      const [start, end] = f.glyphRange(this.ids[i]!);
      const g = src.slice(start, end);
      if (g.length >= 10) {
        const v = new DataView(g.buffer);
        if (v.getInt16(0) < 0) {
          let o = 10;
          for (;;) {
            const flags = v.getUint16(o);
            v.setUint16(o + 2, this.includeGlyph(v.getUint16(o + 2)));
            o += 4 + (flags & ARG_WORDS ? 4 : 2);
            if (flags & HAS_SCALE) o += 2;
            else if (flags & HAS_XY_SCALE) o += 4;
            else if (flags & HAS_2X2) o += 8;
            if (!(flags & MORE)) break;
          }
        }
      }
      outlines.push(g);
    }
    const n = this.ids.length;
    const loca = new DataView(new ArrayBuffer(4 * (n + 1)));
    let glyfLen = 0;
    outlines.forEach((g, i) => {
      loca.setUint32(4 * i, glyfLen);
      glyfLen += (g.length + 3) & ~3;
    });
    loca.setUint32(4 * n, glyfLen);
    const glyf = new Uint8Array(glyfLen);
    let at = 0;
    for (const g of outlines) {
      glyf.set(g, at);
      at += (g.length + 3) & ~3;
    }
    const hmtx = new DataView(new ArrayBuffer(4 * n));
    this.ids.forEach((gid, i) => {
      hmtx.setUint16(4 * i, f.advanceWidth(gid));
      hmtx.setInt16(4 * i + 2, f.leftSideBearing(gid));
    });
    const copy = (tag: string, len?: number) => f.tableBytes(tag, len);
    const head = copy('head', 54);
    const hv = new DataView(head.buffer);
    hv.setUint32(8, 0); // checkSumAdjustment, set below
    hv.setInt16(50, 1); // long loca
    const hhea = copy('hhea', 36);
    new DataView(hhea.buffer).setUint16(34, n);
    const maxp = copy('maxp');
    new DataView(maxp.buffer).setUint16(4, n);
    const post = new Uint8Array(32);
    const pv = new DataView(post.buffer);
    pv.setUint32(0, 0x00030000);
    pv.setInt32(4, Math.round(f.italicAngle * 65536));
    pv.setUint32(12, f.post.isFixedPitch ? 1 : 0);
    return sfnt([
      ['glyf', glyf],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', new Uint8Array(hmtx.buffer)],
      ['loca', new Uint8Array(loca.buffer)],
      ['maxp', maxp],
      ['post', post],
    ]);
  }

  /** fontkit's stream interface, as pdf-lib's subset embedder reads it. */
  encodeStream() {
    const bytes = this.encode();
    const stream = {
      on(event: string, fn: (b?: Uint8Array) => void) {
        if (event === 'data') queueMicrotask(() => fn(bytes));
        if (event === 'end') queueMicrotask(() => queueMicrotask(() => fn()));
        return stream;
      },
    };
    return stream;
  }
}

function checksum(b: Uint8Array): number {
  const padded = new Uint8Array((b.length + 3) & ~3);
  padded.set(b);
  const v = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

/** Tables (sorted by tag) into one TrueType file with directory and checksums. */
function sfnt(list: [string, Uint8Array][]): Uint8Array {
  const n = list.length;
  const dirLen = 12 + 16 * n;
  let total = dirLen;
  for (const [, b] of list) total += (b.length + 3) & ~3;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const pow = 2 ** Math.floor(Math.log2(n));
  v.setUint32(0, 0x00010000);
  v.setUint16(4, n);
  v.setUint16(6, pow * 16);
  v.setUint16(8, Math.log2(pow));
  v.setUint16(10, n * 16 - pow * 16);
  let at = dirLen;
  let headAt = -1;
  list.forEach(([tag, b], i) => {
    const e = 12 + 16 * i;
    for (let k = 0; k < 4; k++) v.setUint8(e + k, tag.charCodeAt(k));
    v.setUint32(e + 4, checksum(b));
    v.setUint32(e + 8, at);
    v.setUint32(e + 12, b.length);
    out.set(b, at);
    if (tag === 'head') headAt = at;
    at += (b.length + 3) & ~3;
  });
  v.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** What pdf-lib's registerFontkit expects: `create(bytes)` returning the font. */
export const ttfKit = { create: (data: Uint8Array) => new TtfFont(data) };
