// A minimal flowing layout on top of pdf-lib: wrapped lines, headings kept with what follows,
// two columns side by side, a photo grid and page footers. pdf-lib has no layout of its own.
// Every draw is tagged (./pdf-tags.ts): each line carries the structure element it belongs to,
// or is page furniture (an artifact); a line without either is a programming error.
import { type PDFDocument, type PDFFont, type PDFPage, degrees, drawImage, rgb } from 'pdf-lib';
import type { PlacedImage } from './pdf-stream';
import { type Mark, PdfTags, type StructElem, type StructType } from './pdf-tags';

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
  /** The structure element (or artifact) the line's text belongs to. */
  mark?: Mark;
  /** A list label drawn at the start of the line as its own element (Lbl), the text after it. */
  label?: { text: string; width: number; mark: StructElem };
};
export type TextStyle = {
  bold?: boolean;
  size?: number;
  color?: Color;
  indent?: number;
  before?: number;
  mark?: Mark;
};
export type GridPhoto = {
  image: PlacedImage | null;
  width: number;
  height: number;
  caption: string;
  /** Who recorded the photo (one small grey line under the caption), '' for none. */
  byLine?: string;
  problem: string | null;
  /** The figure's alternative text (./model.ts photoAltText). */
  alt: string;
};

export class PdfLayout {
  page!: PDFPage;
  y = 0;
  readonly width: number;
  readonly tags: PdfTags;
  /** While set, lines are drawn as this (an artifact) whatever their own mark. */
  private override: Mark | null = null;

  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly size: [number, number] = A4,
  ) {
    this.width = size[0] - M.left - M.right;
    this.tags = new PdfTags(doc);
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
      mark: style.mark,
    }));
  }

  private drawLine(l: Line, x: number): void {
    const mark = this.override ?? l.mark;
    if (!mark) throw new Error('pdf-layout: a line that is neither content nor artifact');
    const text = (t: string, at: number) =>
      this.page.drawText(t, {
        x: at,
        y: this.y - l.size,
        size: l.size,
        font: l.font,
        color: l.color ?? rgb(0, 0, 0),
      });
    const x0 = x + (l.indent ?? 0);
    if (l.label) {
      const label = l.label;
      this.tags.mark(this.page, this.override ?? label.mark, () => text(label.text, x0));
      this.tags.mark(this.page, mark, () => text(l.text, x0 + label.width));
    } else this.tags.mark(this.page, mark, () => text(l.text, x0));
  }

  /** Runs `draw` with everything it draws marked as page furniture (e.g. a repeated header). */
  asArtifact(draw: () => void, mark: Mark = 'pagination'): void {
    const prev = this.override;
    this.override = mark;
    try {
      draw();
    } finally {
      this.override = prev;
    }
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

  /** A paragraph as a structure element of `type` (P unless told) in `parent` (the current one). */
  paragraph(
    text: string,
    style: TextStyle = {},
    type: StructType = 'P',
    parent: StructElem = this.tags.current,
  ): void {
    if (text.trim() === '') return;
    const mark = this.tags.add(type, {}, parent);
    this.draw(this.lines(text, { ...style, mark }));
    this.space(4);
  }

  /**
   * A list item (LI) in the current element (an L): `label` (a bullet, check mark or number) as
   * Lbl, the rest as LBody, drawn as the one wrapped paragraph `label text`. Returns the LBody
   * for more paragraphs of the item.
   */
  listItem(label: string, text: string, style: TextStyle = {}): StructElem {
    const li = this.tags.add('LI');
    const lbl = this.tags.add('Lbl', {}, li);
    const body = this.tags.add('LBody', {}, li);
    const lines = this.lines(`${label} ${text}`, { ...style, mark: body });
    const first = lines[0]!;
    if (first.text.startsWith(`${label} `)) {
      const head = `${label} `;
      lines[0] = {
        ...first,
        text: first.text.slice(head.length),
        label: { text: label, width: first.font.widthOfTextAtSize(head, first.size), mark: lbl },
      };
    }
    this.draw(lines);
    this.space(4);
    return body;
  }

  /**
   * A heading that never ends a page: it moves along with the first lines after it. `level` is
   * its look; `type` its place in the outline (one below the look unless told: the report's
   * title is the only H1).
   */
  heading(text: string, level: 1 | 2 | 3, type: StructType = `H${level + 1}` as StructType): void {
    const size = level === 1 ? 15 : level === 2 ? 12 : 10.5;
    const mark = this.tags.add(type);
    const lines = this.lines(text, {
      bold: true,
      size,
      color: level < 3 ? ACCENT : undefined,
      mark,
    });
    this.ensure(lines.reduce((h, l) => h + PdfLayout.lineHeight(l), 0) + 50 + size);
    this.space(level === 1 ? 14 : 8);
    this.draw(lines);
    this.space(3);
  }

  /** Label/value rows (cover page), read as a table: each row a header cell and its value. */
  keyValues(rows: [string, string][]): void {
    const labelW = 130;
    this.tags.within('Table', () => {
      for (const [k, v] of rows) {
        const tr = this.tags.add('TR');
        const th = this.tags.add('TH', { attrs: [{ O: 'Table', Scope: 'Row' }] }, tr);
        const td = this.tags.add('TD', {}, tr);
        const left = this.lines(k, { bold: true, mark: th }, labelW);
        const right = this.lines(v || '—', { mark: td }, this.width - labelW);
        this.columns([left, right], [0, labelW], false);
      }
    });
    this.space(6);
  }

  /**
   * Columns drawn line by line in parallel, breaking pages between lines; headers repeat, the
   * repeats as artifacts (the headers are content once, where they first appear).
   */
  columns(cols: Line[][], xs: number[], repeatHeaders: boolean | Line[][] = false): void {
    const rows = Math.max(...cols.map((c) => c.length));
    const headers = Array.isArray(repeatHeaders) ? repeatHeaders : null;
    let repeat = false;
    const drawHeaders = () => {
      if (!headers) return;
      const h = Math.max(...headers.map((c) => c.reduce((s, l) => s + PdfLayout.lineHeight(l), 0)));
      const y0 = this.y;
      const draw = () =>
        headers.forEach((col, i) => {
          this.y = y0;
          for (const l of col) {
            this.drawLine(l, M.left + (xs[i] ?? 0));
            this.y -= PdfLayout.lineHeight(l);
          }
        });
      if (repeat) this.asArtifact(draw);
      else draw();
      repeat = true;
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

  /**
   * An image XObject whose bytes are written later (./pdf-stream.ts), as a Figure with its
   * alternative text and its box on the page.
   */
  private image(
    image: PlacedImage,
    alt: string,
    x: number,
    y: number,
    width: number,
    height: number,
  ): void {
    const name = this.page.node.newXObject('Image', image.ref);
    const none = degrees(0);
    const r = (n: number) => Math.round(n * 100) / 100;
    const figure = this.tags.add('Figure', {
      alt,
      attrs: [{ O: 'Layout', Placement: 'Block', BBox: [x, y, x + width, y + height].map(r) }],
    });
    this.tags.mark(this.page, figure, () =>
      this.page.pushOperators(
        ...drawImage(name, { x, y, width, height, rotate: none, xSkew: none, ySkew: none }),
      ),
    );
  }

  /**
   * Two photos per row, scaled to fit, each with its caption (or the reason it is missing). Read
   * row by row, left cell then right: the figure, then its caption and by-line as paragraphs.
   */
  photoGrid(photos: GridPhoto[]): void {
    const cellW = (this.width - GAP) / 2;
    const maxH = 170;
    for (let i = 0; i < photos.length; i += 2) {
      const row = photos.slice(i, i + 2).map((p) => {
        const scale = p.image ? Math.min(cellW / p.width, maxH / p.height, 1) : 0;
        const h = p.image ? p.height * scale : 40;
        // Caption and by-line become paragraphs when the row is drawn, after the figure.
        const caption = [
          this.lines(
            p.problem ? `${p.caption} – ${p.problem}` : p.caption,
            { size: 8, color: p.problem ? WARN : GREY },
            cellW,
          ),
          p.byLine ? this.lines(p.byLine, { size: 7, color: GREY }, cellW) : [],
        ];
        return { p, w: p.image ? p.width * scale : cellW, h, caption };
      });
      const rowH = Math.max(
        ...row.map(
          (c) => c.h + 4 + c.caption.flat().reduce((s, l) => s + PdfLayout.lineHeight(l), 0),
        ),
      );
      this.ensure(rowH + 8);
      const y0 = this.y;
      row.forEach((c, j) => {
        const x = M.left + j * (cellW + GAP);
        if (c.p.image) this.image(c.p.image, c.p.alt, x, y0 - c.h, c.w, c.h);
        else
          this.tags.mark(this.page, 'layout', () =>
            this.page.drawRectangle({
              x,
              y: y0 - c.h,
              width: c.w,
              height: c.h,
              borderColor: WARN,
              borderWidth: 0.8,
            }),
          );
        this.y = y0 - c.h - 4;
        for (const part of c.caption.filter((ls) => ls.length)) {
          const mark = this.tags.add('P');
          for (const l of part) {
            this.drawLine({ ...l, mark }, x);
            this.y -= PdfLayout.lineHeight(l);
          }
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
      this.tags.mark(p, 'footer', () => {
        p.drawText(t, { x: M.left, y: 34, size, font: this.regular, color: GREY });
        p.drawText(label, {
          x: this.size[0] - M.right - w,
          y: 34,
          size,
          font: this.regular,
          color: GREY,
        });
      });
    });
  }
}
