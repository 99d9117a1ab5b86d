// Writes a pdf-lib document into a Blob piece by piece, with the photos read only while their
// object is written. pdf-lib's own save() keeps every embedded JPEG in the document until it
// copies them all into one buffer of the whole file (photos + file ≈ 2× the PDF, plus the
// model's copies); here a photo is a reserved object number with its header facts, its bytes
// are loaded when the writer reaches it, appended to the Blob and dropped. So the JavaScript
// memory of an export holds one photo at a time; the Blob's data lives in the browser's blob
// storage (it may page it to disk), not in the page's heap.
// Small objects (the structure tree's hundreds of elements, pages, font dictionaries) go into
// compressed object streams of 50, listed by a cross-reference stream (PDF 1.5+), as pdf-lib's
// own save() does; streams (pages' content, fonts, photos) are written as objects of their own.
import {
  JpegEmbedder,
  PDFCrossRefStream,
  type PDFDocument,
  type PDFFont,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';

type LazyJpeg = {
  width: number;
  height: number;
  bits: number;
  colorSpace: string;
  load: () => Promise<Uint8Array | null>;
};

/** An image placed on a page: only its object number, the bytes come later. */
export type PlacedImage = { ref: PDFRef };

export class StreamedPdf {
  private readonly images = new Map<number, LazyJpeg>();

  constructor(readonly doc: PDFDocument) {}

  /**
   * Reads a JPEG's header (size, colours) and reserves its object; the bytes are not kept.
   * Null when the bytes are missing or not a JPEG pdf-lib can embed.
   */
  async addJpeg(load: () => Promise<Uint8Array | null>): Promise<PlacedImage | null> {
    const bytes = await load();
    if (!bytes) return null;
    const e = await JpegEmbedder.for(bytes).catch(() => null);
    if (!e) return null;
    const ref = this.doc.context.nextRef();
    this.images.set(ref.objectNumber, {
      width: e.width,
      height: e.height,
      bits: e.bitsPerComponent,
      colorSpace: e.colorSpace,
      load,
    });
    return { ref };
  }

  /**
   * The whole file as a Blob (object streams and a cross-reference stream). `breathe` runs after
   * each photo (progress, cancellation, yielding to the UI).
   */
  async save(fonts: PDFFont[], breathe: () => Promise<void> = async () => {}): Promise<Blob> {
    for (const f of fonts) await f.embed();
    const ctx = this.doc.context;
    const enc = new TextEncoder();
    let blob = new Blob([]);
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let offset = 0;
    const flush = () => {
      blob = new Blob([blob, ...(pending as Uint8Array<ArrayBuffer>[])]);
      pending = [];
      pendingBytes = 0;
    };
    const push = (b: Uint8Array) => {
      pending.push(b);
      pendingBytes += b.length;
      offset += b.length;
      if (pendingBytes > 1 << 20) flush();
    };
    const text = (s: string) => push(enc.encode(s));
    push(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a])); // %PDF-1.7
    push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x0a])); // binary marker
    const max = ctx.largestObjectNumber;
    let next = max + 1;
    type Entry = { n: number; offset: number } | { n: number; stream: PDFRef; index: number };
    const entries: Entry[] = [];
    const writeObject = (n: number, obj: PDFObject) => {
      entries.push({ n, offset });
      const b = new Uint8Array(obj.sizeInBytes());
      obj.copyBytesInto(b, 0);
      text(`${n} 0 obj\n`);
      push(b);
      text('\nendobj\n\n');
    };
    let chunk: [PDFRef, PDFObject][] = [];
    let chunkRef = PDFRef.of(0);
    const writeChunk = () => {
      if (chunk.length)
        writeObject(chunkRef.objectNumber, PDFObjectStream.withContextAndObjects(ctx, chunk, true));
      chunk = [];
    };
    for (let n = 1; n <= max; n++) {
      const image = this.images.get(n);
      if (image) {
        // A photo deleted or damaged since it was placed becomes one grey pixel.
        const bytes = await image.load();
        const jpeg = bytes && (await JpegEmbedder.for(bytes).catch(() => null)) ? bytes : null;
        const dict = ctx.obj({
          Type: 'XObject',
          Subtype: 'Image',
          BitsPerComponent: jpeg ? image.bits : 8,
          Width: jpeg ? image.width : 1,
          Height: jpeg ? image.height : 1,
          ColorSpace: jpeg ? image.colorSpace : 'DeviceGray',
          ...(jpeg ? { Filter: 'DCTDecode' } : {}),
          // As pdf-lib's JpegEmbedder: CMYK JPEGs are usually stored inverted.
          ...(jpeg && image.colorSpace === 'DeviceCMYK'
            ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] }
            : {}),
          Length: jpeg ? jpeg.length : 1,
        });
        entries.push({ n, offset });
        text(`${n} 0 obj\n${dict.toString()}\nstream\n`);
        push(jpeg ?? new Uint8Array([0x99]));
        text('\nendstream\nendobj\n\n');
        flush();
        await breathe();
        continue;
      }
      const ref = PDFRef.of(n);
      const obj = ctx.lookup(ref);
      if (!obj) continue;
      if (obj instanceof PDFStream) {
        writeObject(n, obj);
        continue;
      }
      if (chunk.length === 0) chunkRef = PDFRef.of(next++);
      entries.push({ n, stream: chunkRef, index: chunk.length });
      chunk.push([ref, obj]);
      if (chunk.length === 50) writeChunk();
    }
    writeChunk();
    const { Root, Info } = ctx.trailerInfo;
    const xref = PDFCrossRefStream.create(
      ctx.obj({ ...(Root ? { Root } : {}), ...(Info ? { Info } : {}) }),
      true,
    );
    const xrefNumber = next++;
    xref.dict.set(PDFName.of('Size'), PDFNumber.of(next));
    entries.push({ n: xrefNumber, offset });
    // The cross-reference stream lists its entries in object-number order (gaps allowed).
    entries.sort((a, b) => a.n - b.n);
    for (const e of entries)
      if ('stream' in e) xref.addCompressedEntry(PDFRef.of(e.n), e.stream, e.index);
      else xref.addUncompressedEntry(PDFRef.of(e.n), e.offset);
    const xrefAt = offset;
    writeObject(xrefNumber, xref);
    text(`startxref\n${xrefAt}\n%%EOF\n`);
    flush();
    return new Blob([blob], { type: 'application/pdf' });
  }
}
