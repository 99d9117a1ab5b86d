// Writes a pdf-lib document into a Blob piece by piece, with the photos read only while their
// object is written. pdf-lib's own save() keeps every embedded JPEG in the document until it
// copies them all into one buffer of the whole file (photos + file ≈ 2× the PDF, plus the
// model's copies); here a photo is a reserved object number with its header facts, its bytes
// are loaded when the writer reaches it, appended to the Blob and dropped. So the JavaScript
// memory of an export holds one photo at a time; the Blob's data lives in the browser's blob
// storage (it may page it to disk), not in the page's heap.
import { JpegEmbedder, type PDFDocument, type PDFFont, PDFRef } from 'pdf-lib';

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
   * The whole file as a Blob (classic cross-reference table). `breathe` runs after each photo
   * (progress, cancellation, yielding to the UI).
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
    const offsets: (number | undefined)[] = [];
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
        offsets[n] = offset;
        text(`${n} 0 obj\n${dict.toString()}\nstream\n`);
        push(jpeg ?? new Uint8Array([0x99]));
        text('\nendstream\nendobj\n\n');
        flush();
        await breathe();
        continue;
      }
      const obj = ctx.lookup(PDFRef.of(n));
      if (!obj) continue;
      offsets[n] = offset;
      const b = new Uint8Array(obj.sizeInBytes());
      obj.copyBytesInto(b, 0);
      text(`${n} 0 obj\n`);
      push(b);
      text('\nendobj\n\n');
    }
    const xrefAt = offset;
    const rows = ['xref', `0 ${max + 1}`, '0000000000 65535 f '];
    for (let n = 1; n <= max; n++) {
      const at = offsets[n];
      rows.push(
        at === undefined ? '0000000000 65535 f ' : `${String(at).padStart(10, '0')} 00000 n `,
      );
    }
    const { Root, Info } = ctx.trailerInfo;
    const trailer = ctx.obj({
      Size: max + 1,
      ...(Root ? { Root } : {}),
      ...(Info ? { Info } : {}),
    });
    text(`${rows.join('\n')}\ntrailer\n${trailer.toString()}\nstartxref\n${xrefAt}\n%%EOF\n`);
    flush();
    return new Blob([blob], { type: 'application/pdf' });
  }
}
