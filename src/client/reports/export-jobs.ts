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
import { type PhotoView, type ReportModel, buildReportModel } from './model';
import { type OverviewModel, buildOverviewModel } from './overview-model';
import type { PhotoBytes } from './render-pdf';
import { type ExportResult, pdfResult, result } from './export-result';
import type { DataModel, RenderOptions } from './records';
import { reportTexts } from '../i18n/reports';
import { type PhotoFetchOptions, fetchExportPhotos } from './fetch-photos';

export const VISIT_EXPORTS = ['pdf', 'docx', 'html', 'csv', 'json', 'zip'] as const;
export type VisitExportKind = (typeof VISIT_EXPORTS)[number];
export type OverviewExportKind = 'pdf' | 'csv' | 'data' | 'json' | 'zip';

type Renderer<M> = (model: M, opts: RenderOptions, db: AppDb) => Promise<ExportResult>;

/** Export kinds that show photos: their missing full images are loaded first (./fetch-photos.ts). */
const SHOWS_PHOTOS: ReadonlySet<string> = new Set(['pdf', 'docx', 'html', 'zip']);

export type ExportOptions = RenderOptions & { photos?: PhotoFetchOptions };

/**
 * The pipeline both exports share: read IndexedDB and build the model; for a kind that shows
 * photos, load the full images this device lacks (and build again with them); render `kind`.
 */
function exporter<T, M extends DataModel, K extends string>(
  build: (db: AppDb, target: T, lang: Lang, signal?: AbortSignal) => Promise<M>,
  renderers: { readonly [k in K]: Renderer<M> },
  showsPhotos: (kind: K) => boolean = (kind) => SHOWS_PHOTOS.has(kind),
) {
  return async (
    db: AppDb,
    target: T,
    kind: K,
    lang: Lang,
    opts: ExportOptions,
  ): Promise<ExportResult> => {
    let model = await build(db, target, lang, opts.signal);
    opts.signal?.throwIfAborted();
    if (showsPhotos(kind)) {
      const photos = { onProgress: opts.onProgress, ...opts.photos };
      if (await fetchExportPhotos(db, model, photos, opts.signal))
        model = await build(db, target, lang, opts.signal);
    }
    return renderers[kind](model, opts, db);
  };
}

/**
 * Drops the photo bytes the model was built with (all of the visit's photos at once) and
 * returns a reader that fetches one photo from IndexedDB when the PDF needs it, so the PDF
 * export holds one photo at a time while it draws and writes (./pdf-stream.ts).
 */
function releasePhotoBytes(model: ReportModel, db: AppDb, signal?: AbortSignal): PhotoBytes {
  const rows = new Map(model.records.photos.map((r) => [r.id, r]));
  const views: PhotoView[] = [
    ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos)),
    ...model.general.flatMap((o) => o.photos),
    ...model.visitPhotos,
  ];
  for (const v of views) v.jpeg = null;
  return async (p) => {
    const row = rows.get(p.id);
    if (!row) return null;
    const [read] = await loadPhotoBytes(db, [row], signal);
    return read?.jpeg ?? null;
  };
}

const renderJson = async (model: DataModel, opts: RenderOptions) =>
  (await import('./render-json')).renderJson(model, opts);
const renderCsvZip = async (model: DataModel, opts: RenderOptions) =>
  (await import('./render-csv')).renderCsvZip(model, opts);
const dataName = (lang: Lang) => (lang === 'de' ? 'Daten' : 'Data');

export const exportVisit = exporter<string, ReportModel, VisitExportKind>(
  async (db, visitId, lang, signal) =>
    buildReportModel(await loadReportData(db, visitId, signal), lang),
  {
    pdf: (model, opts, db) => {
      const renderer = import('./render-pdf');
      const photoBytes = releasePhotoBytes(model, db, opts.signal);
      return pdfResult(model.fileBase, opts, async (fonts) =>
        (await renderer).renderPdfBlob(model, fonts, opts, photoBytes),
      );
    },
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
    // "Daten (CSV)": one CSV per entity in a ZIP (render-csv.ts).
    csv: async (model, opts) =>
      result('zip', await renderCsvZip(model, opts), model.fileBase, `_${dataName(model.lang)}`),
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
    pdf: (model, opts) => {
      const renderer = import('./render-overview');
      return pdfResult(model.fileBase, opts, async (fonts) =>
        (await renderer).renderOverviewPdf(model, fonts, opts),
      );
    },
    csv: async (model, opts) =>
      result(
        'csv',
        await (await import('./render-overview')).renderOverviewCsv(model, opts),
        model.fileBase,
      ),
    data: async (model, opts) =>
      result(
        'zip',
        await renderCsvZip(model, opts),
        model.fileBase.replace(/^[^_]+/, `${dataName(model.lang)}-CSV`),
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
  (kind) => kind === 'zip', // the overview PDF shows no photos
);
