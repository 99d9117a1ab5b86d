// Visit report as PDF (pdf-lib): selectable text in DejaVu Sans (embedded, subset), so German
// and any other Latin/Greek/Cyrillic text survives; the photos' JPEG bytes go into the file as
// they are (no re-encoding, no growth), read one at a time as ./pdf-stream.ts writes the file.
// Fonts are read and subset by ./ttf.ts instead of fontkit (see there).
import { PDFDocument } from 'pdf-lib';
import { ttfKit } from './ttf';
import { type PlacedImage, StreamedPdf } from './pdf-stream';
import { reportTexts } from '../i18n/reports';
import {
  type ObservationView,
  type PhotoView,
  type ReportModel,
  coverFacts,
  photoAltText,
  ratingsByKindText,
} from './model';
import { A4, ACCENT, GREY, type Line, PdfLayout, WARN } from './pdf-layout';
import type { RenderOptions } from './records';
import { breathe } from './text';

export type PdfFonts = { regular: Uint8Array; bold: Uint8Array };

const CREATOR = 'Standortbesuch';
const PRODUCER = 'Standortbesuch (pdf-lib)';

/**
 * A new tagged PDF (./pdf-tags.ts) with its title, language and the two fonts. Call
 * `finishTags` once everything is drawn, before writing it, or `save` to do both.
 */
export async function createPdf(fonts: PdfFonts, title: string, lang: string, size = A4) {
  const doc = await PDFDocument.create();
  const language = lang === 'de' ? 'de-DE' : 'en-GB';
  doc.registerFontkit(ttfKit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage(language);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  // A fixed six-letter tag marks the embedded fonts as subsets (PDF 32000 §9.6.4) and keeps the
  // name the same in every export (pdf-lib would otherwise append a number to it).
  const regular = await doc.embedFont(fonts.regular, {
    subset: true,
    customName: 'SBREGU+DejaVuSans',
  });
  const bold = await doc.embedFont(fonts.bold, {
    subset: true,
    customName: 'SBBOLD+DejaVuSans-Bold',
  });
  const layout = new PdfLayout(doc, regular, bold, size);
  const finishTags = () =>
    layout.tags.finish({ title, lang: language, creator: CREATOR, producer: PRODUCER });
  /** For a PDF without photos: the footers, the tags, then the whole document as bytes. */
  const save = async (pageLabel: (n: number, total: number) => string, opts: RenderOptions) => {
    layout.footers(title, pageLabel);
    finishTags();
    opts.signal?.throwIfAborted();
    const out = await doc.save();
    opts.onProgress?.(1, 1);
    return out;
  };
  return { doc, layout, finishTags, save };
}

/** Where a photo's JPEG bytes come from while the PDF is drawn and written (see ./pdf-stream.ts). */
export type PhotoBytes = (p: PhotoView) => Promise<Uint8Array | null>;

/** The PDF as bytes, photos from the model (tests); the app uses renderPdfBlob. */
export async function renderPdf(
  model: ReportModel,
  fonts: PdfFonts,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const blob = await renderPdfBlob(model, fonts, opts);
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * The visit report as a Blob. `photoBytes` reads a photo when it is placed and again when it is
 * written (default: the bytes the model holds), so a model without photo bytes keeps at most
 * one photo in memory at a time.
 */
export async function renderPdfBlob(
  model: ReportModel,
  fonts: PdfFonts,
  opts: RenderOptions = {},
  photoBytes: PhotoBytes = async (p) => p.jpeg,
): Promise<Blob> {
  const { signal, onProgress } = opts;
  const L = model.labels;
  const { doc, layout, finishTags } = await createPdf(fonts, model.title, model.lang);
  const tags = layout.tags;
  const stream = new StreamedPdf(doc);
  const images = new Map<string, PlacedImage | null>();
  const fieldCount = model.themes.reduce((n, t) => n + t.fields.length, 0);
  const total = fieldCount + model.photoCount + 4;
  let done = 0;
  const step = async (n = 1) => {
    done += n;
    onProgress?.(done, total);
    await breathe(signal);
  };

  const embed = async (p: PhotoView): Promise<PlacedImage | null> => {
    if (p.problem) return null;
    if (!images.has(p.sha256)) {
      // A JPEG pdf-lib cannot parse is shown as missing rather than failing the whole report.
      images.set(p.sha256, await stream.addJpeg(() => photoBytes(p)));
      await step();
    }
    return images.get(p.sha256) ?? null;
  };
  const grid = async (photos: PhotoView[]) => {
    const cells = [];
    for (const p of photos) {
      const image = await embed(p);
      cells.push({
        image,
        width: p.width,
        height: p.height,
        caption: p.caption ? `${p.label}: ${p.caption}` : p.label,
        byLine: p.byLine,
        problem: image ? null : (p.problem ?? L.photoInvalid),
        alt: photoAltText(p, L),
      });
    }
    layout.photoGrid(cells);
  };

  // ── cover ────────────────────────────────────────────────────────────────
  layout.paragraph(L.reportTitle, { bold: true, size: 20, color: ACCENT }, 'H1');
  layout.paragraph(model.cover.siteName, { bold: true, size: 14 });
  layout.paragraph(model.generatedAt, { size: 8, color: GREY });
  layout.space(6);
  layout.keyValues(coverFacts(model));
  if (model.cover.byLine) layout.paragraph(model.cover.byLine, { size: 8, color: GREY });
  for (const note of model.notes) layout.paragraph(note, { bold: true, color: WARN });
  layout.heading(L.participants, 2, 'H2');
  if (model.cover.participants.length === 0) layout.paragraph(L.noParticipants, { color: GREY });
  tags.within('L', () => {
    for (const p of model.cover.participants) {
      const li = tags.add('LI');
      layout.paragraph(
        `${p.name}${[p.organisation, p.role].filter(Boolean).length ? ` (${[p.organisation, p.role].filter(Boolean).join(', ')})` : ''}`,
        { indent: 8 },
        'LBody',
        li,
      );
    }
  });
  for (const [label, text] of [
    [L.goals, model.cover.goals],
    [L.route, model.cover.route],
    [L.notes, model.cover.notes],
  ] as const) {
    if (!text.trim()) continue;
    layout.heading(label, 2, 'H2');
    layout.paragraph(text);
  }
  await step();

  // ── checklist ────────────────────────────────────────────────────────────
  if (model.checklist.length) {
    layout.heading(L.checklist, 1);
    for (const g of model.checklist) {
      layout.heading(g.title, 3, 'H3');
      layout.paragraph(g.progress, { size: 9, color: GREY });
      // A template's sections are sub-headings (H4) of its checklist, each with its own list.
      for (const part of g.sections) {
        if (part.title) layout.heading(part.title, 3, 'H4');
        tags.within('L', () => {
          for (const i of part.items) {
            const mark = i.state === 'done' ? '☑' : i.state === 'na' ? '–' : '☐';
            const body = layout.listItem(
              mark,
              `${i.label} (${i.stateLabel})${i.note ? ` – ${i.note}` : ''}`,
              { indent: 8, color: i.state === 'open' ? undefined : GREY },
            );
            if (i.hint) layout.paragraph(i.hint, { indent: 20, size: 8, color: GREY }, 'P', body);
            if (i.byLine)
              layout.paragraph(i.byLine, { indent: 20, size: 7.5, color: GREY }, 'P', body);
          }
        });
      }
    }
  }
  await step();

  // ── observations by theme and field, outside and local view side by side ─
  layout.heading(L.observations, 1);
  const colW = (layout.width - 14) / 2;
  // Each observation's lines, as paragraphs of the current element (created here, in reading
  // order; drawn later, maybe beside the other column).
  const obsLines = (list: ObservationView[]): Line[] => {
    const p = () => tags.add('P');
    if (list.length === 0) return layout.lines(L.none, { color: GREY, mark: p() }, colW);
    return list.flatMap((o, i) => [
      ...layout.lines(
        `${o.number}. ${o.kindLabel} · ${L.rating}: ${o.ratingText}`,
        { bold: true, size: 9, before: i ? 6 : 0, mark: p() },
        colW,
      ),
      ...layout.lines(o.text || L.none, { size: 9.5, mark: p() }, colW),
      ...(o.place
        ? layout.lines(`${L.place}: ${o.place}`, { size: 8, color: GREY, mark: p() }, colW)
        : []),
      ...(o.byLine ? layout.lines(o.byLine, { size: 7.5, color: GREY, mark: p() }, colW) : []),
    ]);
  };
  // One perspective: its header (H4) then its observations, in a Div of its own, so the left
  // column reads before the right one although both are drawn line by line side by side.
  const column = (label: string, list: ObservationView[]) =>
    tags.within('Div', () => ({
      header: layout.lines(
        label,
        { bold: true, size: 9, color: ACCENT, mark: tags.add('H4') },
        colW,
      ),
      body: obsLines(list),
    }));
  for (const theme of model.themes) {
    layout.heading(theme.label, 1);
    for (const f of theme.fields) {
      layout.heading(f.label, 2);
      if (!f.covered) {
        layout.paragraph(L.noObservationsInField, { color: GREY });
      } else {
        layout.paragraph(
          `${L.averageRating}: ${ratingsByKindText(f, model.lang, L.noRating)} · ${f.count} ${L.obsShort}`,
          { size: 9, color: GREY },
        );
        const outside = column(model.perspectiveLabels.outside, f.outside);
        const local = column(model.perspectiveLabels.local, f.local);
        layout.columns([outside.body, local.body], [0, colW + 14], [outside.header, local.header]);
        layout.space(6);
        await grid(f.photos);
      }
      await step();
    }
  }
  if (model.general.length) {
    layout.heading(L.generalObservations, 1);
    for (const o of model.general) {
      layout.draw(obsLines([o]).map((l) => ({ ...l })));
      layout.space(4);
      await grid(o.photos);
    }
  }
  if (model.visitPhotos.length) {
    layout.heading(L.visitPhotos, 1);
    await grid(model.visitPhotos);
  }

  // ── follow-ups, uncovered fields, conflicts ───────────────────────────────
  // The ratings: legend once, then per field both views side by side, a divergence in words.
  const R = model.ratings;
  if (R.fields.length) {
    layout.heading(R.title, 1);
    layout.heading(R.legendTitle, 3, 'H3');
    tags.within('L', () => {
      for (const s of R.legend)
        layout.listItem('•', `${s.step}: ${s.meaning}`, { indent: 8, size: 8.5 });
    });
    const side = (label: string, v: ReportModel['ratings']['fields'][number]['local']) =>
      tags.within('Div', () => ({
        header: layout.lines(
          label,
          { bold: true, size: 9, color: ACCENT, mark: tags.add('H4') },
          colW,
        ),
        body: [
          ...layout.lines(v.text, { bold: true, size: 9.5, mark: tags.add('P') }, colW),
          ...(v.note
            ? layout.lines(`${R.noteLabel}: ${v.note}`, { size: 9, mark: tags.add('P') }, colW)
            : []),
        ],
      }));
    for (const f of R.fields) {
      layout.heading(f.label, 2);
      if (f.divergenceText) layout.paragraph(`⚠ ${f.divergenceText}`, { bold: true, color: WARN });
      const local = side(R.localLabel, f.local);
      const outside = side(R.outsideLabel, f.outside);
      layout.columns([local.body, outside.body], [0, colW + 14], [local.header, outside.header]);
      layout.space(6);
    }
  }

  layout.heading(L.followUps, 1);
  if (model.followUps.length === 0) layout.paragraph(L.noFollowUps, { color: GREY });
  tags.within('L', () => {
    for (const f of model.followUps) {
      tags.within('LI', () =>
        tags.within('LBody', () => {
          layout.paragraph(`${f.kindLabel} · ${f.fieldLabel}`, {
            bold: true,
            size: 9.5,
            before: 4,
          });
          layout.paragraph(f.description, { indent: 8 });
          layout.paragraph(
            `${L.owner}: ${f.owner} · ${L.due}: ${f.due} · ${L.offer}: ${f.offerLabel} · ${L.status}: ${f.statusLabel}`,
            { indent: 8, size: 8.5, color: GREY },
          );
          if (f.byLine) layout.paragraph(f.byLine, { indent: 8, size: 7.5, color: GREY });
        }),
      );
    }
  });
  layout.heading(L.uncovered, 1);
  if (model.uncovered.length === 0) layout.paragraph(L.allCovered);
  tags.within('L', () => {
    for (const u of model.uncovered) layout.listItem('•', u, { indent: 8 });
  });
  layout.heading(L.conflicts, 1);
  if (model.conflicts.length === 0) layout.paragraph(L.noConflicts);
  tags.within('L', () => {
    for (const c of model.conflicts) layout.listItem('⚠', c, { indent: 8, color: WARN });
  });
  await step();

  layout.footers(model.title, (n, t) => reportTexts.in(model.lang)('page', { n, total: t }));
  finishTags();
  signal?.throwIfAborted();
  const pdf = await stream.save([layout.regular, layout.bold], () => breathe(signal));
  onProgress?.(total, total);
  return pdf;
}
