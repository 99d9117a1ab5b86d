// The needs list as PDF (title, filter, date, a table per site with overdue needs marked in
// words) and as CSV (one row per need, in the spreadsheet dialect of src/shared/csv.ts).
import { rgb } from 'pdf-lib';
import { csvLine, csvSeparator, guard } from '../../shared/csv';
import { nt } from '../i18n/needs';
import type { NeedsModel } from './needs-model';
import { ACCENT, GREY, MARGIN_LEFT, WARN } from './pdf-layout';
import type { RenderOptions } from './records';
import { csvBytes } from './render-csv';
import { type PdfFonts, createPdf } from './render-pdf';
import { breathe } from './text';

export async function renderNeedsPdf(
  model: NeedsModel,
  fonts: PdfFonts,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const T = nt.in(model.lang);
  const { layout, save } = await createPdf(fonts, model.title, model.lang);
  const tags = layout.tags;
  layout.paragraph(model.title, { bold: true, size: 18, color: ACCENT }, 'H1');
  layout.paragraph(model.filterText, { size: 10 });
  layout.paragraph(`${model.generatedAt} · ${T('count', { n: model.count })}`, {
    size: 8,
    color: GREY,
  });
  if (model.count === 0) layout.paragraph(T('empty'), { color: GREY });

  // Columns: what (kind, description, field, offer type) | owner | due | status.
  const widths = [layout.width - 270, 100, 80, 90];
  const xs = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  const scope = { attrs: [{ O: 'Table', Scope: 'Column' }] };
  let done = 0;
  for (const g of model.groups) {
    layout.heading(g.site, 2, 'H2');
    const table = tags.open('Table');
    const head = tags.add('TR');
    const headers = [T('description'), T('owner'), T('dueDate'), T('status')].map((h, i) =>
      layout.lines(h, { bold: true, size: 8, mark: tags.add('TH', scope, head) }, widths[i]! - 6),
    );
    layout.columns(headers, xs);
    layout.space(3);
    for (const l of g.lines) {
      await breathe(opts.signal);
      opts.onProgress?.(done++, model.count + 1);
      const tr = tags.add('TR');
      const cell = () => tags.add('TD', {}, tr);
      const what = cell();
      const cols = [
        [
          ...layout.lines(
            `${l.kind}: ${l.description}`,
            { bold: true, size: 9, mark: what },
            widths[0]! - 6,
          ),
          ...layout.lines(
            `${l.field} · ${l.offerType}`,
            { size: 8, color: GREY, mark: what },
            widths[0]! - 6,
          ),
          ...(l.offer
            ? layout.lines(
                `${T('linkedOffer')}: ${l.offer}${l.matchStatus ? ` (${l.matchStatus})` : ''}`,
                { size: 8, mark: what },
                widths[0]! - 6,
              )
            : []),
          ...(l.overdue
            ? layout.lines(
                `⚠ ${l.overdue}`,
                { bold: true, size: 8, color: WARN, mark: what },
                widths[0]! - 6,
              )
            : []),
        ],
        layout.lines(l.owner || '—', { size: 9, mark: cell() }, widths[1]! - 6),
        layout.lines(l.dueDate || '—', { size: 9, mark: cell() }, widths[2]! - 6),
        layout.lines(
          l.closedAt ? `${l.status} (${l.closedAt})` : l.status,
          { size: 9, mark: cell() },
          widths[3]! - 6,
        ),
      ];
      tags.mark(layout.page, 'layout', () =>
        layout.page.drawLine({
          start: { x: MARGIN_LEFT, y: layout.y + 2 },
          end: { x: MARGIN_LEFT + layout.width, y: layout.y + 2 },
          thickness: 0.4,
          color: rgb(0.8, 0.8, 0.8),
        }),
      );
      layout.columns(cols, xs);
      layout.space(4);
    }
    tags.close(table);
  }
  return save((n, total) => T('page', { n, total }), opts);
}

export function renderNeedsCsv(model: NeedsModel): Uint8Array {
  const T = nt.in(model.lang);
  const sep = csvSeparator(model.lang);
  const header = [
    T('site'),
    T('kind'),
    T('description'),
    T('field'),
    T('offerType'),
    T('owner'),
    T('dueDate'),
    T('status'),
    T('overdue'),
    T('closedAt'),
    T('visitDate'),
    T('linkedOffer'),
    T('matchStatus'),
  ];
  const lines = [csvLine(header, sep)];
  for (const g of model.groups)
    for (const l of g.lines)
      lines.push(
        csvLine(
          [
            guard(l.site),
            l.kind,
            guard(l.description),
            l.field,
            l.offerType,
            guard(l.owner),
            l.dueDate,
            l.status,
            l.overdue ? T('yes') : '',
            l.closedAt,
            l.visitDate,
            guard(l.offer),
            l.matchStatus,
          ],
          sep,
        ),
      );
  return csvBytes(lines);
}
