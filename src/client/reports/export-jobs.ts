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
import { buildReportModel } from './model';
import { buildOverviewModel } from './overview-model';
import type { RenderOptions } from './records';
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

export async function exportVisit(
  db: AppDb,
  visitId: string,
  kind: VisitExportKind,
  lang: Lang,
  opts: RenderOptions,
): Promise<ExportResult> {
  const model = buildReportModel(await loadReportData(db, visitId, opts.signal), lang);
  opts.signal?.throwIfAborted();
  switch (kind) {
    case 'pdf': {
      const [{ renderPdf }, { loadPdfFonts }] = await Promise.all([
        import('./render-pdf'),
        import('./pdf-fonts'),
      ]);
      return result(
        kind,
        await renderPdf(model, await loadPdfFonts(opts.signal), opts),
        model.fileBase,
      );
    }
    case 'docx':
      return result(
        kind,
        await (await import('./render-docx')).renderDocx(model, opts),
        model.fileBase,
      );
    case 'html': {
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
      return { ...result(kind, bytes, model.fileBase), photoUrls: [...urls.values()] };
    }
    case 'csv':
      return result(
        kind,
        await (await import('./render-csv')).renderCsv(model, opts),
        model.fileBase,
        '_Beobachtungen',
      );
    case 'json':
      return result(
        kind,
        await (await import('./render-json')).renderJson(model, opts),
        model.fileBase,
      );
    case 'zip': {
      const { renderZip, photosOfModel } = await import('./render-zip');
      return result(
        kind,
        await renderZip({ lang, photos: photosOfModel(model) }, opts),
        model.fileBase,
        `_${reportTexts.table(lang).visitPhotos.split(' ')[0]}`,
      );
    }
  }
}

export async function exportOverview(
  db: AppDb,
  filter: OverviewFilter,
  kind: OverviewExportKind,
  lang: Lang,
  opts: RenderOptions,
): Promise<ExportResult> {
  const data = await loadOverviewData(db, filter);
  const model = buildOverviewModel(data, lang);
  opts.signal?.throwIfAborted();
  switch (kind) {
    case 'pdf': {
      const [{ renderOverviewPdf }, { loadPdfFonts }] = await Promise.all([
        import('./render-overview'),
        import('./pdf-fonts'),
      ]);
      return result(
        kind,
        await renderOverviewPdf(model, await loadPdfFonts(opts.signal), opts),
        model.fileBase,
      );
    }
    case 'csv':
      return result(
        kind,
        await (await import('./render-overview')).renderOverviewCsv(model, opts),
        model.fileBase,
      );
    case 'json':
      return result(
        kind,
        await (await import('./render-json')).renderJson(model, opts),
        model.fileBase.replace(/^[^_]+/, 'Daten'),
      );
    case 'zip': {
      const photos = await loadPhotoBytes(db, data.photos, opts.signal);
      const { renderZip } = await import('./render-zip');
      const { looksLikeJpeg } = await import('./text');
      const L = reportTexts.table(lang);
      const views = photos.map((p) => ({
        sha256: p.sha256,
        caption: p.caption,
        label: L.visitPhotos,
        jpeg: looksLikeJpeg(p.jpeg) ? p.jpeg : null,
        problem: p.jpeg ? L.photoInvalid : L.photoMissing,
      }));
      return result(
        kind,
        await renderZip({ lang, photos: views }, opts),
        model.fileBase.replace(/^[^_]+/, 'Fotos'),
      );
    }
  }
}
