// Reading rendered files back in node: pdftotext for PDFs, fflate for DOCX and ZIP.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { PdfFonts } from '../../../src/client/reports/render-pdf';

/** The fonts the app ships (src/client/reports/pdf-fonts.ts), read from disk. */
const FONT_DIR = resolve(import.meta.dirname, '../../../src/client/reports/fonts');
export function nodeFonts(): PdfFonts {
  return {
    regular: new Uint8Array(readFileSync(join(FONT_DIR, 'DejaVuSans-subset.ttf'))),
    bold: new Uint8Array(readFileSync(join(FONT_DIR, 'DejaVuSans-Bold-subset.ttf'))),
  };
}

/** Text of a PDF via Debian's pdftotext, whitespace collapsed (wrapped lines join with a space). */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfPageCount(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const info = execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Image XObjects in a PDF (pdf-lib writes image streams outside object streams). */
export function pdfImageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Subtype\s*\/Image/g) ?? []
  ).length;
}

const XML_ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
};

/** The visible text of word/document.xml, runs joined, entities decoded; paragraphs end with a newline. */
export function docxText(docx: Uint8Array): {
  text: string;
  xml: string;
  media: string[];
  footers: string;
} {
  const files = unzipSync(docx);
  const xml = strFromU8(files['word/document.xml']!);
  const text = xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|amp|quot|apos);/g, (m) => XML_ENTITIES[m]!);
  const footers = Object.keys(files)
    .filter((f) => /^word\/footer\d*\.xml$/.test(f))
    .map((f) => strFromU8(files[f]!))
    .join('\n');
  return {
    text: text.replace(/[ \t]+/g, ' '),
    xml,
    footers,
    media: Object.keys(files).filter((f) => f.startsWith('word/media/')),
  };
}
