// Tagged PDF on top of pdf-lib (which has no tagging of its own): a structure tree built in
// reading order, marked-content sequences with per-page MCIDs around every draw, artifacts for
// page furniture, the parent tree that maps each MCID back to its element, and the catalog and
// XMP entries PDF/UA-1 (ISO 14289-1) asks for. See docs/architecture.md §Reports.
//
// The tree is built as plain objects while the layout draws and written as PDF objects once, in
// finish(), so elements can be created before their content is drawn (two columns drawn line by
// line still read as the left block, then the right one).
import {
  type PDFDocument,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  type PDFRef,
  PDFString,
  PDFHexString,
} from 'pdf-lib';

/** Standard structure types used by the reports (PDF 32000-1 §14.8.4). */
export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'H5'
  | 'H6'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Caption';

/** A marked-content sequence of one page. */
type Mcr = { page: PDFPage; mcid: number };

export type StructElem = {
  readonly type: StructType;
  readonly parent: StructElem | null;
  readonly kids: (StructElem | Mcr)[];
  /** Alternative text (figures). */
  alt?: string;
  /** Attribute dictionaries, e.g. { O: 'Table', Scope: 'Column' }. */
  attrs?: Record<string, string | number | number[]>[];
};

/**
 * What a draw belongs to: a structure element, or page furniture (an artifact): 'layout' for
 * rules and frames, 'pagination' for what repeats on every page (a table header carried over),
 * 'footer' for the running title and page numbers.
 */
export type Mark = StructElem | 'layout' | 'pagination' | 'footer';

/** Property lists of artifacts, written into the content stream as they are. */
const ARTIFACTS = {
  layout: '<</Type /Layout>>',
  pagination: '<</Type /Pagination>>',
  footer: '<</Type /Pagination /Subtype /Footer>>',
} as const;

type PageMarks = { key: number; elems: StructElem[] };

export class PdfTags {
  readonly root: StructElem = { type: 'Document', parent: null, kids: [] };
  private cursor: StructElem = this.root;
  private readonly pages = new Map<PDFPage, PageMarks>();

  constructor(private readonly doc: PDFDocument) {}

  /** The element new elements are added to. */
  get current(): StructElem {
    return this.cursor;
  }

  /** A new element as the last child of `parent` (default: the current element), not entered. */
  add(
    type: StructType,
    extra: Partial<Pick<StructElem, 'alt' | 'attrs'>> = {},
    parent = this.cursor,
  ): StructElem {
    const el: StructElem = { type, parent, kids: [], ...extra };
    parent.kids.push(el);
    return el;
  }

  /** Adds an element and makes it current until close(). */
  open(type: StructType, extra: Partial<Pick<StructElem, 'alt' | 'attrs'>> = {}): StructElem {
    this.cursor = this.add(type, extra);
    return this.cursor;
  }

  close(el: StructElem): void {
    if (el !== this.cursor || !el.parent)
      throw new Error(`pdf-tags: closing ${el.type} out of order`);
    this.cursor = el.parent;
  }

  /** Runs `body` inside a new element. */
  within<T>(
    type: StructType,
    body: (el: StructElem) => T,
    extra: Partial<Pick<StructElem, 'alt' | 'attrs'>> = {},
  ): T {
    const el = this.open(type, extra);
    try {
      return body(el);
    } finally {
      this.close(el);
    }
  }

  /** Wraps what `draw` puts on `page` in a marked-content sequence of `mark`. */
  mark(page: PDFPage, mark: Mark, draw: () => void): void {
    if (typeof mark === 'string') {
      page.pushOperators(
        PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
          PDFName.of('Artifact'),
          ARTIFACTS[mark],
        ]),
      );
      draw();
      page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
      return;
    }
    let marks = this.pages.get(page);
    if (!marks) {
      marks = { key: this.pages.size, elems: [] };
      this.pages.set(page, marks);
    }
    const mcid = marks.elems.length;
    marks.elems.push(mark);
    mark.kids.push({ page, mcid });
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of(mark.type),
        `<</MCID ${mcid}>>`,
      ]),
    );
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /**
   * Writes the tree, the parent tree, /StructParents and /Tabs on the pages, /MarkInfo,
   * /ViewerPreferences /DisplayDocTitle and the XMP metadata (dc:title, dc:language,
   * pdfuaid:part 1). Elements without content are left out.
   */
  finish(meta: { title: string; lang: string; creator: string; producer: string }): void {
    const ctx = this.doc.context;
    const catalog = this.doc.catalog;
    const rootRef = ctx.nextRef();
    const refs = new Map<StructElem, PDFRef>();
    const hasContent = (el: StructElem): boolean =>
      el.kids.some((k) => !('type' in k) || hasContent(k));
    const write = (el: StructElem, parentRef: PDFRef): PDFRef | null => {
      if (!hasContent(el)) return null;
      const ref = ctx.nextRef();
      refs.set(el, ref);
      const firstPage = el.kids.find((k): k is Mcr => !('type' in k))?.page ?? null;
      const kids = [];
      for (const k of el.kids) {
        if ('type' in k) {
          const r = write(k, ref);
          if (r) kids.push(r);
        } else if (k.page === firstPage) kids.push(PDFNumber.of(k.mcid));
        else kids.push(ctx.obj({ Type: 'MCR', Pg: k.page.ref, MCID: k.mcid }));
      }
      const dict = ctx.obj({
        Type: 'StructElem',
        S: el.type,
        P: parentRef,
        ...(firstPage ? { Pg: firstPage.ref } : {}),
        K: kids.length === 1 ? kids[0]! : ctx.obj(kids),
      });
      if (el.alt !== undefined) dict.set(PDFName.of('Alt'), PDFHexString.fromText(el.alt));
      if (el.attrs?.length) {
        const attrs = el.attrs.map((a) => ctx.obj(a));
        dict.set(PDFName.of('A'), attrs.length === 1 ? attrs[0]! : ctx.obj(attrs));
      }
      ctx.assign(ref, dict);
      return ref;
    };
    const docRef = write(this.root, rootRef);

    const nums = [];
    for (const [page, marks] of this.pages) {
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(marks.key));
      nums.push(
        PDFNumber.of(marks.key),
        ctx.register(ctx.obj(marks.elems.map((e) => refs.get(e)!))),
      );
    }
    for (const page of this.doc.getPages()) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    ctx.assign(
      rootRef,
      ctx.obj({
        Type: 'StructTreeRoot',
        ...(docRef ? { K: docRef } : {}),
        ParentTree: ctx.register(ctx.obj({ Nums: ctx.obj(nums) })),
        ParentTreeNextKey: this.pages.size,
      }),
    );
    catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
    catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);
    catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
    const xmp = new TextEncoder().encode(xmpPacket(meta));
    catalog.set(
      PDFName.of('Metadata'),
      ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })),
    );
  }
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XMP packet: title and language (Dublin Core), tool names, and the PDF/UA-1 claim. */
export function xmpPacket(meta: {
  title: string;
  lang: string;
  creator: string;
  producer: string;
}): string {
  return `<?xpacket begin="\u{feff}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>${xml(meta.producer)}</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
