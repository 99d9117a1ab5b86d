// The export pipeline behind the buttons, loaded on first use: read IndexedDB → build the
// model → import just the renderer that is needed → a Blob with a meaningful file name.
import type { AppDb } from '../db/schema';
import {
  type OverviewFilter,
  loadOverviewData,
  loadPhotoBytes,
  loadReportData,
} from '../db/report-queries';
import type { Lang } from '../../shared/domain/vocab';
import { type ReportModel, buildReportModel } from './model';
import { type OverviewModel, buildOverviewModel } from './overview-model';
import type { PdfFonts } from './render-pdf';
import type { DataModel, RenderOptions } from './records';
import { reportTexts } from '../i18n/reports';

export const VISIT_EXPORTS = ['pdf', 'docx', 'html', 'csv', 'json', 'zip'] as const;
export type VisitExportKind = (typeof VISIT_EXPORTS)[number];
export type OverviewExportKind = 'pdf' | 'csv' | 'json' | 'zip';

const TYPES = {
  pdf: ['application/pdf', 'pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  html: ['text/html;charset=utf-8', 'html'],
  csv: ['text/csv;charset=utf-8', 'csv'],
  json: ['application/json', 'json'],
  zip: ['application/zip', 'zip'],
} as const;

export type ExportResult = { blob: Blob; name: string; photoUrls?: string[] };

function result(
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

type Renderer<M> = (model: M, opts: RenderOptions, db: AppDb) => Promise<ExportResult>;

/** The pipeline both exports share: read IndexedDB and build the model, then render `kind`. */
function exporter<T, M, K extends string>(
  build: (db: AppDb, target: T, lang: Lang, signal?: AbortSignal) => Promise<M>,
  renderers: { readonly [k in K]: Renderer<M> },
) {
  return async (
    db: AppDb,
    target: T,
    kind: K,
    lang: Lang,
    opts: RenderOptions,
  ): Promise<ExportResult> => {
    const model = await build(db, target, lang, opts.signal);
    opts.signal?.throwIfAborted();
    return renderers[kind](model, opts, db);
  };
}

/** A PDF export: the renderer and the fonts it embeds, both loaded on demand. */
async function pdfResult<M extends { fileBase: string }>(
  model: M,
  opts: RenderOptions,
  load: Promise<(model: M, fonts: PdfFonts, opts: RenderOptions) => Promise<Uint8Array>>,
): Promise<ExportResult> {
  const [render, { loadPdfFonts }] = await Promise.all([load, import('./pdf-fonts')]);
  return result('pdf', await render(model, await loadPdfFonts(opts.signal), opts), model.fileBase);
}

const renderJson = async (model: DataModel, opts: RenderOptions) =>
  (await import('./render-json')).renderJson(model, opts);

export const exportVisit = exporter<string, ReportModel, VisitExportKind>(
  async (db, visitId, lang, signal) =>
    buildReportModel(await loadReportData(db, visitId, signal), lang),
  {
    pdf: (model, opts) =>
      pdfResult(
        model,
        opts,
        import('./render-pdf').then((m) => m.renderPdf),
      ),
    docx: async (model, opts) =>
      result('docx', await (await import('./render-docx')).renderDocx(model, opts), model.fileBase),
    html: async (model, opts) => {
      // The print view shows photos through blob: URLs instead of inflating the page with base64.
      const urls = new Map<string, string>();
      const [{ renderHtml }, { default: styleHref }] = await Promise.all([
        import('./render-html'),
        import('./report-document.css?url'),
      ]);
      const bytes = await renderHtml(model, {
        ...opts,
        styleHref,
        photoSrc: (p) => {
          if (!urls.has(p.sha256))
            urls.set(
              p.sha256,
              URL.createObjectURL(
                new Blob([p.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }),
              ),
            );
          return urls.get(p.sha256)!;
        },
      });
      return { ...result('html', bytes, model.fileBase), photoUrls: [...urls.values()] };
    },
    csv: async (model, opts) =>
      result(
        'csv',
        await (await import('./render-csv')).renderCsv(model, opts),
        model.fileBase,
        '_Beobachtungen',
      ),
    json: async (model, opts) => result('json', await renderJson(model, opts), model.fileBase),
    zip: async (model, opts) => {
      const { renderZip, photosOfModel } = await import('./render-zip');
      return result(
        'zip',
        await renderZip({ lang: model.lang, photos: photosOfModel(model) }, opts),
        model.fileBase,
        `_${reportTexts.table(model.lang).visitPhotos.split(' ')[0]}`,
      );
    },
  },
);

export const exportOverview = exporter<OverviewFilter, OverviewModel, OverviewExportKind>(
  async (db, filter, lang) => buildOverviewModel(await loadOverviewData(db, filter), lang),
  {
    pdf: (model, opts) =>
      pdfResult(
        model,
        opts,
        import('./render-overview').then((m) => m.renderOverviewPdf),
      ),
    csv: async (model, opts) =>
      result(
        'csv',
        await (await import('./render-overview')).renderOverviewCsv(model, opts),
        model.fileBase,
      ),
    json: async (model, opts) =>
      result('json', await renderJson(model, opts), model.fileBase.replace(/^[^_]+/, 'Daten')),
    zip: async (model, opts, db) => {
      const photos = await loadPhotoBytes(db, model.records.photos, opts.signal);
      const { renderZip } = await import('./render-zip');
      const { looksLikeJpeg } = await import('./text');
      const L = reportTexts.table(model.lang);
      const views = photos.map((p) => ({
        sha256: p.sha256,
        caption: p.caption,
        label: L.visitPhotos,
        jpeg: looksLikeJpeg(p.jpeg) ? p.jpeg : null,
        problem: p.jpeg ? L.photoInvalid : L.photoMissing,
      }));
      return result(
        'zip',
        await renderZip({ lang: model.lang, photos: views }, opts),
        model.fileBase.replace(/^[^_]+/, 'Fotos'),
      );
    },
  },
);
