// Cross-site overview as PDF (landscape: the heat map in each of its four modes, each cell's
// colour with its value printed on it, a legend per mode, the key to the numbered fields, the
// recurring needs) and as CSV (one row per site, the grid's values per mode and field).
import { rgb } from 'pdf-lib';
import { reportTexts } from '../i18n/reports';
import type { OverviewModel } from './overview-model';
import { A4_LANDSCAPE, ACCENT, GREY, MARGIN_LEFT, WARN, type Line, PdfLayout } from './pdf-layout';
import type { RenderOptions } from './records';
import { type PdfFonts, createPdf } from './render-pdf';
import { csvLine, csvSeparator, guard } from '../../shared/csv';
import { csvBytes } from './render-csv';
import { breathe } from './text';
import type { HeatMode } from '../../shared/analysis/heat-map';
import { rgbOf } from '../../shared/analysis/heat-map-scale';

const colour = (hex: string) => {
  const [r, g, b] = rgbOf(hex);
  return rgb(r / 255, g / 255, b / 255);
};
const CELL_BORDER = rgb(0.75, 0.75, 0.75);
const SITE_W = 170;
const CELL_GAP = 2;

/** One mode's grid as a tagged table: header row of field numbers, a row per site. */
async function drawGrid(
  layout: PdfLayout,
  model: OverviewModel,
  mode: HeatMode,
  opts: RenderOptions,
  progress: () => void,
) {
  const tags = layout.tags;
  const colW = (layout.width - SITE_W) / model.fields.length;
  const xs = [0, ...model.fields.map((_, i) => SITE_W + i * colW)];
  const centred = (l: Line, width: number): Line => ({
    ...l,
    indent: Math.max(0, (width - l.font.widthOfTextAtSize(l.text, l.size)) / 2),
  });
  const table = tags.open('Table');
  const headRow = tags.add('TR');
  const scope = (s: 'Column' | 'Row') => ({ attrs: [{ O: 'Table', Scope: s }] });
  const header = [
    layout.lines(
      model.labels.site,
      { bold: true, size: 8, mark: tags.add('TH', scope('Column'), headRow) },
      SITE_W - 6,
    ),
    ...model.fields.map((f) => {
      const th = tags.add('TH', { ...scope('Column'), alt: `${f.number} ${f.label}` }, headRow);
      const [line] = layout.lines(`${f.number} (${f.theme})`, { bold: true, size: 8, mark: th });
      return [centred(line!, colW - CELL_GAP)];
    }),
  ];
  const drawHeader = () => {
    layout.columns(header, xs);
    layout.space(3);
  };
  drawHeader();
  layout.onNewPage = () => layout.asArtifact(drawHeader);
  for (const row of model.rows) {
    await breathe(opts.signal);
    progress();
    const tr = tags.add('TR');
    const th = tags.add('TH', scope('Row'), tr);
    const name = [
      ...layout.lines(row.siteName, { bold: true, size: 8, mark: th }, SITE_W - 6),
      ...layout.lines(row.meta, { size: 7, color: GREY, mark: th }, SITE_W - 6),
    ];
    const h = Math.max(24, name.reduce((s, l) => s + PdfLayout.lineHeight(l), 0) + 4);
    layout.ensure(Math.max(h, 40));
    const top = layout.y + 2;
    const views = row.views[mode];
    tags.mark(layout.page, 'layout', () => {
      views.forEach((v, i) =>
        layout.page.drawRectangle({
          x: MARGIN_LEFT + xs[i + 1]!,
          y: top - h + CELL_GAP,
          width: colW - CELL_GAP,
          height: h - CELL_GAP,
          color: colour(v.fill),
          borderColor: CELL_BORDER,
          borderWidth: 0.4,
        }),
      );
    });
    views.forEach((v, i) => {
      const td = tags.add('TD', {}, tr);
      const text = `${v.text}${v.mark ? ` ${v.mark}` : ''}`;
      const font = v.value === null ? layout.regular : layout.bold;
      const size = 10;
      const x =
        MARGIN_LEFT + xs[i + 1]! + (colW - CELL_GAP - font.widthOfTextAtSize(text, size)) / 2;
      const y = top - (h + CELL_GAP) / 2 - size * 0.35;
      tags.mark(layout.page, td, () =>
        layout.page.drawText(text, { x, y, size, font, color: colour(v.ink) }),
      );
    });
    layout.columns([name], xs);
    layout.y = top - h - 2;
  }
  tags.close(table);
  layout.onNewPage = null;
}

/** The mode's colour steps as swatches (drawn) with their values and words (read). */
function drawLegend(layout: PdfLayout, model: OverviewModel, mode: HeatMode) {
  const tags = layout.tags;
  const entries = [
    ...model.legends[mode].map((l) => ({
      fill: l.fill,
      text: `${l.values}${l.label ? ` ${l.label}` : ''}`,
    })),
    { fill: '#eeeeee', text: `– ${model.words.legendEmpty}` },
    ...(mode === 'needs' ? [{ fill: null, text: `!n: n ${model.words.legendOverdue}` }] : []),
  ];
  layout.ensure(30);
  const p = tags.add('P');
  const size = 7.5;
  const lead = `${model.words.legend}:`;
  let x = MARGIN_LEFT;
  const y = layout.y - size;
  const text = (t: string, at: number) =>
    tags.mark(layout.page, p, () =>
      layout.page.drawText(t, { x: at, y, size, font: layout.bold, color: rgb(0, 0, 0) }),
    );
  text(lead, x);
  x += layout.bold.widthOfTextAtSize(lead, size) + 6;
  for (const e of entries) {
    const w = layout.regular.widthOfTextAtSize(e.text, size);
    if (x + 14 + w > MARGIN_LEFT + layout.width) {
      layout.space(size * 1.8);
      x = MARGIN_LEFT + 20;
    }
    const yy = layout.y - size;
    if (e.fill) {
      const fill = e.fill;
      tags.mark(layout.page, 'layout', () =>
        layout.page.drawRectangle({
          x,
          y: yy - 1.5,
          width: 10,
          height: 9,
          color: colour(fill),
          borderColor: CELL_BORDER,
          borderWidth: 0.4,
        }),
      );
    }
    tags.mark(layout.page, p, () =>
      layout.page.drawText(e.text, { x: x + 13, y: yy, size, font: layout.regular }),
    );
    x += 13 + w + 12;
  }
  layout.space(size * 1.8 + 6);
}

export async function renderOverviewPdf(
  model: OverviewModel,
  fonts: PdfFonts,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const L = model.labels;
  const { layout, save } = await createPdf(fonts, model.title, model.lang, A4_LANDSCAPE);
  const tags = layout.tags;
  layout.paragraph(L.overviewTitle, { bold: true, size: 18, color: ACCENT }, 'H1');
  layout.paragraph(model.filterText, { size: 10 });
  layout.paragraph(model.generatedAt, { size: 8, color: GREY });
  for (const n of model.notes) layout.paragraph(n, { bold: true, color: WARN });
  const total = model.modes.length * model.rows.length + 1;
  let done = 0;
  const progress = () => opts.onProgress?.(done++, total);
  for (const mode of model.modes) {
    layout.ensure(130); // the heading, its hint, the header row and a first site together
    layout.heading(model.modeLabels[mode], 2, 'H2');
    layout.paragraph(model.modeHints[mode], { size: 8.5, color: GREY });
    await drawGrid(layout, model, mode, opts, progress);
    layout.space(4);
    drawLegend(layout, model, mode);
  }
  layout.heading(model.words.fieldKey, 2, 'H2');
  for (const theme of model.themes) {
    layout.paragraph(`${theme.id} ${theme.label}`, { bold: true, size: 9 });
    tags.within('L', () => {
      for (const f of model.fields.filter((x) => x.theme === theme.id))
        layout.listItem(`${f.number}`, f.label, { size: 8.5, indent: 6 });
    });
  }
  layout.heading(L.recurringNeeds, 2, 'H2');
  if (model.needs.length === 0) layout.paragraph(L.noNeeds, { color: GREY });
  tags.within('L', () => {
    for (const n of model.needs) {
      tags.within('LI', () =>
        tags.within('LBody', () => {
          layout.paragraph(
            `${n.fieldLabel} · ${n.offerLabel}: ${n.counts}, ${reportTexts.in(model.lang)('sitesCount', { n: n.sites.length })}`,
            { bold: true, size: 9 },
          );
          for (const s of n.sites) layout.paragraph(s, { size: 8.5, indent: 8 });
        }),
      );
    }
  });
  return save((n, t) => reportTexts.in(model.lang)('page', { n, total: t }), opts);
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
    ...model.modes.flatMap((m) =>
      model.fields.map((f) => `${model.modeLabels[m]} – ${f.number} ${f.label}`),
    ),
    ...model.fields.map(
      (f) => `${model.modeLabels.needs}, ${model.words.overdueColumn} – ${f.number} ${f.label}`,
    ),
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
          ...model.modes.flatMap((m) =>
            r.views[m].map((v) => (v.value === null ? '' : String(v.value))),
          ),
          ...r.cells.map((c, i) =>
            r.views.needs[i]!.value === null ? '' : String(c.overdueNeeds),
          ),
        ],
        sep,
      ),
    );
  }
  opts.onProgress?.(1, 1);
  return csvBytes(lines);
}
