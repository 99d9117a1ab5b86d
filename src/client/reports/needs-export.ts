// The needs list's exports, loaded on first use: read this device's rows, keep what the list's
// filter keeps (needs-model.ts) and render the PDF or the CSV with a file name of the day.
import type { Lang } from '../../shared/domain/vocab';
import type { NeedsFilter } from '../db/needs-filter';
import { loadNeeds } from '../db/needs-queries';
import { listOffers } from '../db/offer-queries';
import { listSites } from '../db/queries';
import type { AppDb } from '../db/schema';
import type { ExportOptions } from './export-jobs';
import { type ExportResult, pdfResult, result } from './export-result';
import { buildNeedsModel } from './needs-model';

export async function exportNeeds(
  db: AppDb,
  filter: NeedsFilter,
  kind: 'pdf' | 'csv',
  lang: Lang,
  today: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const [rows, sites, offers] = await Promise.all([loadNeeds(db), listSites(db), listOffers(db)]);
  opts.signal?.throwIfAborted();
  const model = buildNeedsModel(rows, sites, filter, lang, today, offers);
  const render = await import('./render-needs');
  if (kind === 'csv') return result('csv', render.renderNeedsCsv(model), model.fileBase);
  return pdfResult(model.fileBase, opts, (fonts) => render.renderNeedsPdf(model, fonts, opts));
}
