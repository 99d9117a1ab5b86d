// Cross-site overview as PDF (landscape table: sites × ten numbered fields, with a legend)
// and as CSV (one row per site, three columns per field).
import { rgb } from 'pdf-lib';
import { reportTexts } from '../i18n/reports';
import type { OverviewCell, OverviewModel } from './overview-model';
import { A4_LANDSCAPE, ACCENT, GREY, MARGIN_LEFT, WARN } from './pdf-layout';
import type { RenderOptions } from './records';
import { type PdfFonts, createPdf } from './render-pdf';
import { csvLine, csvSeparator, guard } from '../../shared/csv';
import { csvBytes } from './render-csv';
import { formatDecimal } from '../i18n/format';
import { breathe } from './text';

function cellText(model: OverviewModel, c: OverviewCell): string[] {
  const L = model.labels;
  if (c.observations === 0 && c.openFollowUps === 0) return ['–'];
  return [
    `${c.observations} ${L.obsShort}`,
    c.averageRating === null ? '' : `${L.avgShort} ${formatDecimal(c.averageRating, model.lang)}`,
    c.openFollowUps ? `${c.openFollowUps} ${L.openShort}` : '',
  ].filter(Boolean);
}

export async function renderOverviewPdf(
  model: OverviewModel,
  fonts: PdfFonts,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const L = model.labels;
  const { doc, layout, finishTags } = await createPdf(fonts, model.title, model.lang, A4_LANDSCAPE);
  const tags = layout.tags;
  layout.paragraph(L.overviewTitle, { bold: true, size: 18, color: ACCENT }, 'H1');
  layout.paragraph(model.filterText, { size: 10 });
  layout.paragraph(model.generatedAt, { size: 8, color: GREY });
  for (const n of model.notes) layout.paragraph(n, { bold: true, color: WARN });

  const siteW = 170;
  const colW = (layout.width - siteW) / model.fields.length;
  const xs = [0, ...model.fields.map((_, i) => siteW + i * colW)];
  // One table: a header row (read once; repeated on later pages as an artifact), then a row per
  // site led by its name as row header. A column header shows the field's number and tells a
  // screen reader the field's name (/Alt).
  const table = tags.open('Table');
  const headRow = tags.add('TR');
  const scope = (s: 'Column' | 'Row') => ({ attrs: [{ O: 'Table', Scope: s }] });
  const header = [
    layout.lines(
      L.site,
      { bold: true, size: 8, mark: tags.add('TH', scope('Column'), headRow) },
      siteW - 6,
    ),
    ...model.fields.map((f) =>
      layout.lines(
        `${f.number}`,
        {
          bold: true,
          size: 8,
          mark: tags.add('TH', { ...scope('Column'), alt: `${f.number} ${f.label}` }, headRow),
        },
        colW - 4,
      ),
    ),
  ];
  layout.space(6);
  const drawHeader = () => {
    layout.columns(header, xs);
    layout.space(4);
  };
  drawHeader();
  layout.onNewPage = () => layout.asArtifact(drawHeader);
  for (const [i, row] of model.rows.entries()) {
    await breathe(opts.signal);
    opts.onProgress?.(i, model.rows.length + 1);
    const tr = tags.add('TR');
    const th = tags.add('TH', scope('Row'), tr);
    const cols = [
      [
        ...layout.lines(row.siteName, { bold: true, size: 8, mark: th }, siteW - 6),
        ...layout.lines(
          `${row.phase} · ${reportTexts.in(model.lang)('visitsCount', { n: row.visits })}${row.lastVisit ? ` · ${row.lastVisit}` : ''}`,
          { size: 7, color: GREY, mark: th },
          siteW - 6,
        ),
      ],
      ...row.cells.map((c) => {
        const td = tags.add('TD', {}, tr);
        return cellText(model, c).flatMap((t) =>
          layout.lines(t, { size: 7.5, mark: td }, colW - 4),
        );
      }),
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
  layout.onNewPage = null;
  layout.heading(L.field, 2, 'H2');
  tags.within('L', () => {
    for (const f of model.fields) layout.listItem(`${f.number}`, f.label, { size: 8.5, indent: 6 });
  });
  layout.heading(L.recurringNeeds, 2, 'H2');
  if (model.needs.length === 0) layout.paragraph(L.noNeeds, { color: GREY });
  tags.within('L', () => {
    for (const n of model.needs) {
      tags.within('LI', () =>
        tags.within('LBody', () => {
          layout.paragraph(
            `${n.fieldLabel} · ${n.offerLabel}: ${n.count} (${n.open} ${L.openShort}), ${reportTexts.in(model.lang)('sitesCount', { n: n.sites.length })}`,
            { bold: true, size: 9 },
          );
          layout.paragraph(n.sites.join(', '), { size: 8.5, indent: 8, color: GREY });
          for (const e of n.examples) layout.paragraph(`„${e}“`, { size: 8.5, indent: 8 });
        }),
      );
    }
  });
  layout.footers(model.title, (n, t) => reportTexts.in(model.lang)('page', { n, total: t }));
  finishTags();
  opts.signal?.throwIfAborted();
  const out = await doc.save();
  opts.onProgress?.(1, 1);
  return out;
}

export async function renderOverviewCsv(
  model: OverviewModel,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const L = model.labels;
  opts.signal?.throwIfAborted();
  const header = [
    L.site,
    L.phase,
    L.visits,
    ...model.fields.flatMap((f) => [
      `${f.number} ${f.label} – ${L.observations.split(' ')[0]}`,
      `${f.number} ${L.averageRating}`,
      `${f.number} ${L.openFollowUps}`,
    ]),
  ];
  const sep = csvSeparator(model.lang);
  const lines = [csvLine(header, sep)];
  for (const r of model.rows) {
    lines.push(
      csvLine(
        [
          guard(r.siteName),
          r.phase,
          String(r.visits),
          ...r.cells.flatMap((c) => [
            String(c.observations),
            c.averageRating === null ? '' : formatDecimal(c.averageRating, model.lang),
            String(c.openFollowUps),
          ]),
        ],
        sep,
      ),
    );
  }
  opts.onProgress?.(1, 1);
  return csvBytes(lines);
}
