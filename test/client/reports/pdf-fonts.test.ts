import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { createPdf } from '../../../src/client/reports/render-pdf';
import { TtfFont } from '../../../src/client/reports/ttf';
import { nodeFonts, pdfText } from './helpers';

const fonts = nodeFonts();
const GERMAN = 'Größe „Straße“ – 12 € · Jürgen Müller, Ärger, Öl, Übel, ẞ';
const OTHER = 'Zoë Łukasiewicz, Ayşe Öztürk, Ψυχή, Москва, ≥ 3 m², ☐ ☑ ⚠ → …';

async function pdfWith(lines: string[], useObjectStreams = true): Promise<Uint8Array> {
  const { doc, layout } = await createPdf(fonts, 'Test', 'de');
  for (const l of lines) layout.paragraph(l);
  layout.paragraph('fett', { bold: true });
  return doc.save({ useObjectStreams });
}

function pdffonts(pdf: Uint8Array): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdffonts', [join(dir, 'r.pdf')], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.split(/\s+/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The decompressed FontFile2 streams (embedded TrueType programs) of an uncompressed-xref PDF. */
function fontFiles(pdf: Uint8Array): Uint8Array[] {
  const s = Buffer.from(pdf).toString('latin1');
  const refs = [...s.matchAll(/\/FontFile2 (\d+) 0 R/g)].map((m) => m[1]);
  return refs.map((n) => {
    const at = s.indexOf(`\n${n} 0 obj`);
    const start = s.indexOf('stream\n', at) + 'stream\n'.length;
    const len = Number(/\/Length (\d+)/.exec(s.slice(at, start))![1]);
    return unzlibSync(pdf.subarray(start, start + len));
  });
}

describe('PDF fonts', () => {
  it('ships DejaVu reduced to Latin, Greek, Cyrillic and punctuation: each file under 60 KB', () => {
    const dir = resolve(import.meta.dirname, '../../../src/client/reports/fonts');
    for (const f of ['DejaVuSans-subset.ttf', 'DejaVuSans-Bold-subset.ttf']) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.length).toBeLessThan(60_000);
      const font = new TtfFont(new Uint8Array(bytes));
      for (const ch of GERMAN + OTHER)
        expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!)).toBe(true);
    }
  });

  it('umlauts, ß, €, „“, – and other scripts come back exactly from pdftotext', async () => {
    const text = pdfText(await pdfWith([GERMAN, OTHER]));
    expect(text).toContain(GERMAN);
    expect(text).toContain(OTHER);
    // Decomposed input (ü as u + combining diaeresis) is drawn and extracted as the composed letter.
    expect(pdfText(await pdfWith(['Mu\u0308ller']))).toContain('Müller');
  });

  it('embeds each font as a subset of the glyphs used: tagged name, a few KB per font', async () => {
    const pdf = await pdfWith([GERMAN], false);
    const rows = pdffonts(pdf);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r[0]).toMatch(/^[A-Z]{6}\+DejaVuSans/);
      expect(r.slice(-6, -2)).toEqual(['Identity-H', 'yes', 'yes', 'yes']); // emb sub uni
    }
    const files = fontFiles(pdf);
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f.length).toBeLessThan(12_000);
      // The used glyphs (and .notdef), not the ~600 of the shipped font.
      const v = new DataView(f.buffer, f.byteOffset);
      const tags = Array.from({ length: v.getUint16(4) }, (_, i) => 12 + 16 * i);
      const maxp = tags.find((e) => Buffer.from(f.subarray(e, e + 4)).toString() === 'maxp')!;
      const numGlyphs = v.getUint16(v.getUint32(maxp + 8) + 4);
      // Accented letters are composites: their base letter and accent come along.
      expect(numGlyphs).toBeLessThan(2 * new Set(GERMAN).size);
    }
  });
});
