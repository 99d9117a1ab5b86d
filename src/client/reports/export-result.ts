// An export's bytes as a Blob with its MIME type and a file name of `base` plus the kind's
// extension; a PDF renderer gets the fonts it embeds loaded on demand.
import type { PdfFonts } from './render-pdf';
import type { RenderOptions } from './records';

const TYPES = {
  pdf: ['application/pdf', 'pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  html: ['text/html;charset=utf-8', 'html'],
  csv: ['text/csv;charset=utf-8', 'csv'],
  json: ['application/json', 'json'],
  zip: ['application/zip', 'zip'],
} as const;

export type ExportResult = { blob: Blob; name: string; photoUrls?: string[] };

export function result(
  kind: keyof typeof TYPES,
  bytes: Uint8Array,
  base: string,
  suffix = '',
): ExportResult {
  const [type, ext] = TYPES[kind];
  return {
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
    name: `${base}${suffix}.${ext}`,
  };
}

/** A PDF export: the renderer (imported by the caller) and the fonts it embeds, on demand. */
export async function pdfResult(
  fileBase: string,
  opts: RenderOptions,
  render: (fonts: PdfFonts) => Promise<Blob | Uint8Array>,
): Promise<ExportResult> {
  const { loadPdfFonts } = await import('./pdf-fonts');
  const pdf = await render(await loadPdfFonts(opts.signal));
  return pdf instanceof Blob
    ? { blob: pdf, name: `${fileBase}.${TYPES.pdf[1]}` }
    : result('pdf', pdf, fileBase);
}
