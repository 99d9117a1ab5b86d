// Reading a PDF's tagging back without the renderer's code: qpdf's JSON (every object, streams
// decoded) for the catalog, the structure tree and the pages' content streams; the text of each
// marked-content sequence is decoded through the fonts' ToUnicode maps (as a screen reader's
// PDF engine does). poppler's `pdfinfo -struct` gives a second reading of the tree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { value?: Json; stream?: { dict: Record<string, Json>; data?: string } };

function withFile<T>(pdf: Uint8Array, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-tags-'));
  try {
    const path = join(dir, 'r.pdf');
    writeFileSync(path, pdf);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A marked-content reference: the MCID on the page with this object reference. */
export type Mcr = { page: string; mcid: number };
export type Elem = {
  ref: string;
  type: string;
  alt: string | null;
  /** The attribute dictionaries (/A), owner name first, e.g. { O: 'Table', Scope: 'Column' }. */
  attrs: Record<string, Json>[];
  lang: string | null;
  kids: (Elem | Mcr)[];
};
/**
 * One operator of a content stream with the marked-content tags open around it and the MCID of
 * the innermost one that has one.
 */
export type Op = { op: string; operands: string[]; open: string[]; mcid: number | null };

export class PdfStructure {
  private readonly objs: Record<string, Obj>;
  readonly trailer: Record<string, Json>;

  constructor(readonly pdf: Uint8Array) {
    const out = withFile(pdf, (p) =>
      execFileSync(
        'qpdf',
        ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', p, '-'],
        { encoding: 'utf8', maxBuffer: 256 << 20 },
      ),
    );
    const json = JSON.parse(out) as { qpdf: [unknown, Record<string, Obj>] };
    this.objs = json.qpdf[1];
    this.trailer = this.objs.trailer!.value as Record<string, Json>;
  }

  /** Follows an indirect reference ("12 0 R"); other values come back as they are. */
  resolve(v: Json | undefined): Json | undefined {
    if (typeof v === 'string' && / R$/.test(v)) {
      const o = this.objs[`obj:${v}`];
      return o?.stream ? (o.stream.dict as Json) : o?.value;
    }
    return v;
  }

  dict(v: Json | undefined): Record<string, Json> {
    const d = this.resolve(v);
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error(`not a dictionary: ${v}`);
    return d;
  }

  streamText(ref: Json | undefined): string {
    const o = this.objs[`obj:${String(ref)}`];
    if (!o?.stream?.data) throw new Error(`not a stream with data: ${ref}`);
    return Buffer.from(o.stream.data, 'base64').toString('utf8');
  }

  /** A PDF string as text ("u:…" text strings, "b:…" hex bytes). */
  static text(v: Json | undefined): string | null {
    if (typeof v !== 'string') return null;
    if (v.startsWith('u:')) return v.slice(2);
    if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
    return v;
  }

  get catalog(): Record<string, Json> {
    return this.dict(this.trailer['/Root']);
  }

  get info(): Record<string, Json> {
    return this.dict(this.trailer['/Info']);
  }

  /** Page object references in page order. */
  pages(): string[] {
    const out: string[] = [];
    const walk = (ref: Json) => {
      const node = this.dict(ref);
      if (node['/Type'] === '/Page') out.push(String(ref));
      else for (const k of node['/Kids'] as Json[]) walk(k);
    };
    walk(this.catalog['/Pages']!);
    return out;
  }

  /** The structure tree below /StructTreeRoot (null when the file is not tagged). */
  structTree(): Elem[] | null {
    const rootRef = this.catalog['/StructTreeRoot'];
    if (!rootRef) return null;
    const kids = (k: Json | undefined, page: string | null): (Elem | Mcr)[] => {
      if (k === undefined || k === null) return [];
      if (Array.isArray(k)) return k.flatMap((x) => kids(x, page));
      if (typeof k === 'number') return [{ page: page ?? '?', mcid: k }];
      const d = this.dict(k);
      if (d['/Type'] === '/MCR')
        return [{ page: String(d['/Pg'] ?? page), mcid: d['/MCID'] as number }];
      if (d['/Type'] === '/OBJR') return [];
      return [elem(String(k), d, page)];
    };
    const elem = (ref: string, d: Record<string, Json>, page: string | null): Elem => {
      const a = d['/A'];
      const attrs = (Array.isArray(a) ? a : a ? [a] : []).map((x) => {
        const ad = this.dict(x);
        return Object.fromEntries(Object.entries(ad).map(([k, v]) => [k.slice(1), v]));
      });
      const pg = d['/Pg'] ? String(d['/Pg']) : page;
      return {
        ref,
        type: String(d['/S']).slice(1),
        alt: PdfStructure.text(d['/Alt']),
        lang: PdfStructure.text(d['/Lang']),
        attrs,
        kids: kids(d['/K'], pg),
      };
    };
    return kids(this.dict(rootRef)['/K'], null) as Elem[];
  }

  /** Every operator of a page's content streams, with the marked-content tags open around it. */
  pageOps(pageRef: string): Op[] {
    const page = this.dict(pageRef);
    const c = page['/Contents'];
    const refs = Array.isArray(c) ? c : c ? [c] : [];
    const src = refs.map((r) => this.streamText(r)).join('\n');
    return tokenizeContent(src);
  }

  private readonly cmaps = new Map<string, Map<number, string>>();

  /** A font's ToUnicode map: two-byte code → text. */
  private cmap(fontRef: string): Map<number, string> {
    let map = this.cmaps.get(fontRef);
    if (map) return map;
    map = new Map();
    const src = this.streamText(this.dict(fontRef)['/ToUnicode']!);
    const utf16 = (hex: string) => {
      const b = Buffer.from(hex, 'hex');
      return String.fromCharCode(
        ...Array.from({ length: b.length / 2 }, (_, i) => b.readUInt16BE(i * 2)),
      );
    };
    for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(parseInt(m[1]!, 16), utf16(m[2]!));
    for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const m of block[1]!.matchAll(/<(\w+)>\s*<(\w+)>\s*(<\w+>|\[[^\]]*\])/g)) {
        const lo = parseInt(m[1]!, 16);
        const hi = parseInt(m[2]!, 16);
        const dst = m[3]!;
        if (dst.startsWith('[')) {
          const list = [...dst.matchAll(/<(\w+)>/g)].map((x) => utf16(x[1]!));
          for (let c = lo; c <= hi; c++) map.set(c, list[c - lo] ?? '');
        } else {
          const base = utf16(dst.slice(1, -1));
          const last = base.charCodeAt(base.length - 1);
          for (let c = lo; c <= hi; c++)
            map.set(c, base.slice(0, -1) + String.fromCharCode(last + c - lo));
        }
      }
    this.cmaps.set(fontRef, map);
    return map;
  }

  /** The text of each marked-content sequence of a page (MCID → shown strings, in order). */
  pageTexts(pageRef: string): Map<number, string[]> {
    const fonts = this.dict(this.dict(this.dict(pageRef)['/Resources'])['/Font']);
    const out = new Map<number, string[]>();
    let font: Map<number, string> | null = null;
    for (const o of this.pageOps(pageRef)) {
      if (o.op === 'Tf') font = this.cmap(String(fonts[o.operands[0]!]));
      if (!['Tj', 'TJ', "'", '"'].includes(o.op) || o.mcid === null || !font) continue;
      const hex = [...o.operands.join(' ').matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!);
      const text = hex
        .map((h) => {
          let t = '';
          for (let i = 0; i + 4 <= h.length; i += 4)
            t += font!.get(parseInt(h.slice(i, i + 4), 16)) ?? '\ufffd';
          return t;
        })
        .join('');
      out.set(o.mcid, [...(out.get(o.mcid) ?? []), text]);
    }
    return out;
  }

  private readonly texts = new Map<string, Map<number, string[]>>();

  /** An element's text: its marked content and its children's, in order, lines joined by a space. */
  textOf(e: Elem): string {
    const parts: string[] = [];
    for (const k of e.kids) {
      if ('type' in k) parts.push(this.textOf(k));
      else {
        let t = this.texts.get(k.page);
        if (!t) this.texts.set(k.page, (t = this.pageTexts(k.page)));
        parts.push(...(t.get(k.mcid) ?? []));
      }
    }
    return parts.filter(Boolean).join(' ');
  }
}

/**
 * Splits a content stream into operators: operands are strings, names, numbers, arrays and
 * dictionaries (kept as their source text); BDC/BMC push a tag, EMC pops it.
 */
export function tokenizeContent(src: string): Op[] {
  const ops: Op[] = [];
  const open: { tag: string; mcid: number | null }[] = [];
  let operands: string[] = [];
  let i = 0;
  const n = src.length;
  const skipBalanced = (start: string, end: string): string => {
    const from = i;
    let depth = 0;
    while (i < n) {
      if (src.startsWith(start, i)) {
        depth++;
        i += start.length;
      } else if (src.startsWith(end, i)) {
        depth--;
        i += end.length;
        if (depth === 0) break;
      } else if (src[i] === '(') readLiteral();
      else i++;
    }
    return src.slice(from, i);
  };
  const readLiteral = (): string => {
    const from = i;
    let depth = 0;
    while (i < n) {
      const ch = src[i]!;
      if (ch === '\\') i += 2;
      else {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        i++;
        if (depth === 0) break;
      }
    }
    return src.slice(from, i);
  };
  while (i < n) {
    const ch = src[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === '%') while (i < n && src[i] !== '\n') i++;
    else if (ch === '(') operands.push(readLiteral());
    else if (src.startsWith('<<', i)) operands.push(skipBalanced('<<', '>>'));
    else if (ch === '<') {
      const end = src.indexOf('>', i);
      operands.push(src.slice(i, end + 1));
      i = end + 1;
    } else if (ch === '[') operands.push(skipBalanced('[', ']'));
    else {
      const m = /^[^\s()<>[\]{}/%]+|^\/[^\s()<>[\]{}/%]*/.exec(src.slice(i, i + 200))!;
      const tok = m[0];
      i += tok.length;
      if (tok.startsWith('/') || /^[-+.\d]/.test(tok) || tok === 'true' || tok === 'false')
        operands.push(tok);
      else {
        if (tok === 'EMC') open.pop();
        const mcid = open.findLast((x) => x.mcid !== null)?.mcid ?? null;
        const op: Op = { op: tok, operands, open: open.map((x) => x.tag), mcid };
        ops.push(op);
        if (tok === 'BDC' || tok === 'BMC')
          open.push({ tag: operands[0]!.slice(1), mcid: mcidOf(op) });
        if (tok === 'BI') {
          const end = src.indexOf('EI', i);
          i = end + 2;
        }
        operands = [];
      }
    }
  }
  return ops;
}

/** The MCID of a BDC operator's property list, or null. */
export function mcidOf(op: Op): number | null {
  const m = /\/MCID\s+(\d+)/.exec(op.operands[1] ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * poppler's reading of the structure tree (`pdfinfo -struct`): the element types, depth first,
 * attribute lines left out. (`-struct-text` would add each element's text but takes seconds.)
 */
export function popplerStructure(pdf: Uint8Array): string[] {
  const out = withFile(pdf, (p) =>
    execFileSync('pdfinfo', ['-struct', p], { encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
  return out
    .split('\n')
    .map((l) => /^\s*([A-Za-z]\w*)(?: \(\w+\))?:?$/.exec(l)?.[1])
    .filter((t): t is string => !!t);
}

/** Elements of a tree in reading order (depth first). */
export function flatten(tree: (Elem | Mcr)[]): Elem[] {
  return tree.flatMap((k) => ('type' in k ? [k, ...flatten(k.kids)] : []));
}
