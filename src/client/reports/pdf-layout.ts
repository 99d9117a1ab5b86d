// A minimal flowing layout on top of pdf-lib: wrapped lines, headings kept with what follows,
// two columns side by side, a photo grid and page footers. pdf-lib has no layout of its own.
import { type PDFDocument, type PDFFont, type PDFPage, degrees, drawImage, rgb } from 'pdf-lib';
import type { PlacedImage } from './pdf-stream';

export const A4: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
export const MARGIN_LEFT = 50;
const M = { left: MARGIN_LEFT, right: 50, top: 56, bottom: 64 };
const GAP = 14;
export const GREY = rgb(0.38, 0.38, 0.38);
export const ACCENT = rgb(0.12, 0.37, 0.29);
export const WARN = rgb(0.62, 0.22, 0.05);
type Color = ReturnType<typeof rgb>;

export type Line = {
  text: string;
  font: PDFFont;
  size: number;
  color?: Color;
  indent?: number;
  before?: number;
};
export type TextStyle = {
  bold?: boolean;
  size?: number;
  color?: Color;
  indent?: number;
  before?: number;
};
export type GridPhoto = {
  image: PlacedImage | null;
  width: number;
  height: number;
  caption: string;
  /** Who recorded the photo (one small grey line under the caption), '' for none. */
  byLine?: string;
  problem: string | null;
};

export class PdfLayout {
  page!: PDFPage;
  y = 0;
  readonly width: number;

  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly size: [number, number] = A4,
  ) {
    this.width = size[0] - M.left - M.right;
    this.newPage();
  }

  /** Drawn at the top of every page that starts after it is set (e.g. a repeated table header). */
  onNewPage: (() => void) | null = null;

  newPage(): void {
    this.page = this.doc.addPage(this.size);
    this.y = this.size[1] - M.top;
    this.onNewPage?.();
  }

  /** Starts a new page unless `h` points still fit. */
  ensure(h: number): void {
    if (this.y - h < M.bottom) this.newPage();
  }

  space(h: number): void {
    this.y -= h;
  }

  /** Greedy word wrap; words wider than the line are broken between characters. */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    const w = (s: string) => font.widthOfTextAtSize(s, size);
    const space = w(' ');
    for (const para of text.split('\n')) {
      let line = '';
      let lineW = 0;
      for (const word of para.split(/ +/)) {
        if (word === '') continue;
        let ww = w(word);
        let rest = word;
        if (ww > width) {
          if (line) {
            out.push(line);
            line = '';
            lineW = 0;
          }
          let chunk = '';
          let cw = 0;
          for (const ch of rest) {
            const c = w(ch);
            if (cw + c > width && chunk) {
              out.push(chunk);
              chunk = '';
              cw = 0;
            }
            chunk += ch;
            cw += c;
          }
          rest = chunk;
          ww = cw;
        }
        if (line && lineW + space + ww > width) {
          out.push(line);
          line = rest;
          lineW = ww;
        } else {
          line = line ? `${line} ${rest}` : rest;
          lineW = line === rest ? ww : lineW + space + ww;
        }
      }
      out.push(line);
    }
    return out;
  }

  lines(text: string, style: TextStyle = {}, width = this.width): Line[] {
    const font = style.bold ? this.bold : this.regular;
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    return this.wrap(text, font, size, width - indent).map((t, i) => ({
      text: t,
      font,
      size,
      color: style.color,
      indent,
      before: i === 0 ? style.before : undefined,
    }));
  }

  private drawLine(l: Line, x: number): void {
    this.page.drawText(l.text, {
      x: x + (l.indent ?? 0),
      y: this.y - l.size,
      size: l.size,
      font: l.font,
      color: l.color ?? rgb(0, 0, 0),
    });
  }

  static lineHeight(l: Line): number {
    return l.size * 1.35 + (l.before ?? 0);
  }

  draw(lines: Line[]): void {
    for (const l of lines) {
      this.ensure(PdfLayout.lineHeight(l));
      this.y -= l.before ?? 0;
      this.drawLine(l, M.left);
      this.y -= l.size * 1.35;
    }
  }

  paragraph(text: string, style: TextStyle = {}): void {
    if (text.trim() === '') return;
    this.draw(this.lines(text, style));
    this.space(4);
  }

  /** A heading that never ends a page: it moves along with the first lines after it. */
  heading(text: string, level: 1 | 2 | 3): void {
    const size = level === 1 ? 15 : level === 2 ? 12 : 10.5;
    const lines = this.lines(text, { bold: true, size, color: level < 3 ? ACCENT : undefined });
    this.ensure(lines.reduce((h, l) => h + PdfLayout.lineHeight(l), 0) + 50 + size);
    this.space(level === 1 ? 14 : 8);
    this.draw(lines);
    this.space(3);
  }

  /** Label/value rows (cover page). */
  keyValues(rows: [string, string][]): void {
    const labelW = 130;
    for (const [k, v] of rows) {
      const left = this.lines(k, { bold: true }, labelW);
      const right = this.lines(v || '—', {}, this.width - labelW);
      this.columns([left, right], [0, labelW], false);
    }
    this.space(6);
  }

  /** Columns drawn line by line in parallel, breaking pages between lines; headers repeat. */
  columns(cols: Line[][], xs: number[], repeatHeaders: boolean | Line[][] = false): void {
    const rows = Math.max(...cols.map((c) => c.length));
    const headers = Array.isArray(repeatHeaders) ? repeatHeaders : null;
    const drawHeaders = () => {
      if (!headers) return;
      const h = Math.max(...headers.map((c) => c.reduce((s, l) => s + PdfLayout.lineHeight(l), 0)));
      const y0 = this.y;
      headers.forEach((col, i) => {
        this.y = y0;
        for (const l of col) {
          this.drawLine(l, M.left + (xs[i] ?? 0));
          this.y -= PdfLayout.lineHeight(l);
        }
      });
      this.y = y0 - h - 2;
    };
    this.ensure(40);
    drawHeaders();
    for (let r = 0; r < rows; r++) {
      const h = Math.max(...cols.map((c) => (c[r] ? PdfLayout.lineHeight(c[r]!) : 0)));
      if (this.y - h < M.bottom) {
        this.newPage();
        drawHeaders();
      }
      const y0 = this.y;
      cols.forEach((c, i) => {
        const l = c[r];
        if (!l) return;
        this.y = y0 - (l.before ?? 0);
        this.drawLine(l, M.left + (xs[i] ?? 0));
      });
      this.y = y0 - h;
    }
  }

  /** An image XObject whose bytes are written later (./pdf-stream.ts). */
  private image(image: PlacedImage, x: number, y: number, width: number, height: number): void {
    const name = this.page.node.newXObject('Image', image.ref);
    const none = degrees(0);
    this.page.pushOperators(
      ...drawImage(name, { x, y, width, height, rotate: none, xSkew: none, ySkew: none }),
    );
  }

  /** Two photos per row, scaled to fit, each with its caption (or the reason it is missing). */
  photoGrid(photos: GridPhoto[]): void {
    const cellW = (this.width - GAP) / 2;
    const maxH = 170;
    for (let i = 0; i < photos.length; i += 2) {
      const row = photos.slice(i, i + 2).map((p) => {
        const scale = p.image ? Math.min(cellW / p.width, maxH / p.height, 1) : 0;
        const h = p.image ? p.height * scale : 40;
        const caption = [
          ...this.lines(
            p.problem ? `${p.caption} – ${p.problem}` : p.caption,
            { size: 8, color: p.problem ? WARN : GREY },
            cellW,
          ),
          ...(p.byLine ? this.lines(p.byLine, { size: 7, color: GREY }, cellW) : []),
        ];
        return { p, w: p.image ? p.width * scale : cellW, h, caption };
      });
      const rowH = Math.max(
        ...row.map((c) => c.h + 4 + c.caption.reduce((s, l) => s + PdfLayout.lineHeight(l), 0)),
      );
      this.ensure(rowH + 8);
      const y0 = this.y;
      row.forEach((c, j) => {
        const x = M.left + j * (cellW + GAP);
        if (c.p.image) this.image(c.p.image, x, y0 - c.h, c.w, c.h);
        else
          this.page.drawRectangle({
            x,
            y: y0 - c.h,
            width: c.w,
            height: c.h,
            borderColor: WARN,
            borderWidth: 0.8,
          });
        this.y = y0 - c.h - 4;
        for (const l of c.caption) {
          this.drawLine(l, x);
          this.y -= PdfLayout.lineHeight(l);
        }
      });
      this.y = y0 - rowH - 8;
    }
  }

  /** Page numbers and the title on every page, once the page count is known. */
  footers(title: string, pageLabel: (n: number, total: number) => string): void {
    const pages = this.doc.getPages();
    const size = 8;
    const max = this.width - 90;
    let t = title;
    if (this.regular.widthOfTextAtSize(t, size) > max) {
      while (t.length > 1 && this.regular.widthOfTextAtSize(`${t}…`, size) > max)
        t = t.slice(0, -1);
      t = `${t}…`;
    }
    pages.forEach((p, i) => {
      const label = pageLabel(i + 1, pages.length);
      const w = this.regular.widthOfTextAtSize(label, size);
      p.drawText(t, { x: M.left, y: 34, size, font: this.regular, color: GREY });
      p.drawText(label, {
        x: this.size[0] - M.right - w,
        y: 34,
        size,
        font: this.regular,
        color: GREY,
      });
    });
  }
}
