// DejaVu Sans for the PDFs, shipped as hashed Vite assets. pdf-lib's standard Helvetica
// (WinAnsi) would cover German umlauts but fails on names such as "Łukasiewicz" or "Ayşe";
// DejaVu covers Latin, Greek and Cyrillic. The files are reduced to those scripts (40 KB each,
// ./fonts/make-subset.sh); each PDF then embeds only the glyphs it uses.
import regularUrl from './fonts/DejaVuSans-subset.ttf?url';
import boldUrl from './fonts/DejaVuSans-Bold-subset.ttf?url';
import type { PdfFonts } from './render-pdf';

let cached: Promise<PdfFonts> | null = null;

async function bytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export function loadPdfFonts(signal?: AbortSignal): Promise<PdfFonts> {
  cached ??= Promise.all([bytes(regularUrl, signal), bytes(boldUrl, signal)])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((e: unknown) => {
      cached = null;
      throw e;
    });
  return cached;
}
