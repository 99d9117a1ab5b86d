// Visit report as DOCX (the `docx` package): the same structure as the PDF with real Word
// headings, a two-column table per field (outside | local view) and the JPEGs stored as they are.
// Accessible as Word's checker and screen readers expect: the document language on the default
// run properties and in the core properties, one Heading 1 (the title), Heading 2 per section
// and theme, Heading 3 per checklist and action field, lists as list paragraphs, table header
// rows that repeat on every page, and every picture described (model.ts photoAltText).
import {
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  AlignmentType,
  ShadingType,
} from 'docx';
import {
  type ObservationView,
  type PhotoView,
  type ReportModel,
  coverFacts,
  photoAltText,
  ratingsByKindText,
} from './model';
import type { RenderOptions } from './records';
import { breathe } from './text';
import { LOCALE } from '../i18n/format';

const GREY = '5f5f5f';
const WARN = '9e3808';
const MAX_PHOTO_PX = 300;

/** Runs of one text; line breaks inside the text become Word line breaks. */
function runs(
  text: string,
  opts: { bold?: boolean; color?: string; size?: number } = {},
): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i ? 1 : 0, ...opts }));
}

function p(
  text: string,
  opts: {
    bold?: boolean;
    color?: string;
    size?: number;
    heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel];
    indent?: boolean;
  } = {},
): Paragraph {
  return new Paragraph({
    heading: opts.heading,
    indent: opts.indent ? { left: 240 } : undefined,
    spacing: { after: 80 },
    children: runs(text, { bold: opts.bold, color: opts.color, size: opts.size }),
  });
}

/** The list marks of checklist items: the state's box is the item's label, not a bullet before it. */
const CHECK_MARKS = { done: '☑', na: '–', open: '☐' } as const;
type CheckMark = keyof typeof CHECK_MARKS;
const checkNumbering = (Object.keys(CHECK_MARKS) as CheckMark[]).map((mark) => ({
  reference: `check-${mark}`,
  levels: [
    {
      level: 0,
      format: LevelFormat.BULLET,
      text: CHECK_MARKS[mark],
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: 720, hanging: 360 } } },
    },
  ],
}));

/**
 * One list paragraph (bulleted, or labelled with a checklist box); `lines` after the first follow
 * as line breaks in the same item.
 */
function item(
  first: TextRun[],
  more: { text: string; color?: string; size?: number }[] = [],
  mark?: CheckMark,
): Paragraph {
  return new Paragraph({
    ...(mark ? { numbering: { reference: `check-${mark}`, level: 0 } } : { bullet: { level: 0 } }),
    spacing: { after: 60 },
    children: [
      ...first,
      ...more
        .filter((m) => m.text)
        .flatMap((m) =>
          m.text
            .split('\n')
            .map((line) => new TextRun({ text: line, break: 1, color: m.color, size: m.size })),
        ),
    ],
  });
}

function photoParagraphs(model: ReportModel, photos: PhotoView[]): Paragraph[] {
  return photos.flatMap((ph) => {
    const alt = photoAltText(ph, model.labels);
    const caption = ph.caption ? `${ph.label}: ${ph.caption}` : ph.label;
    if (!ph.jpeg) return [p(`${caption} – ${ph.problem ?? ''}`, { color: WARN, size: 18 })];
    const scale = Math.min(MAX_PHOTO_PX / ph.width, MAX_PHOTO_PX / ph.height, 1);
    return [
      new Paragraph({
        keepNext: true,
        children: [
          new ImageRun({
            type: 'jpg',
            data: ph.jpeg,
            transformation: {
              width: Math.max(1, Math.round(ph.width * scale)),
              height: Math.max(1, Math.round(ph.height * scale)),
            },
            altText: { name: alt, title: alt, description: alt },
          }),
        ],
      }),
      p(caption, { color: GREY, size: 16 }),
      ...(ph.byLine ? [p(ph.byLine, { color: GREY, size: 15 })] : []),
    ];
  });
}

function observationParagraphs(model: ReportModel, list: ObservationView[]): Paragraph[] {
  const L = model.labels;
  if (list.length === 0) return [p(L.none, { color: GREY })];
  return list.flatMap((o) => [
    p(`${o.number}. ${o.kindLabel} · ${L.rating}: ${o.ratingText}`, { bold: true, size: 18 }),
    p(o.text || L.none, { size: 19 }),
    ...(o.place ? [p(`${L.place}: ${o.place}`, { color: GREY, size: 16 })] : []),
    ...(o.byLine ? [p(o.byLine, { color: GREY, size: 15 })] : []),
  ]);
}

function cell(children: Paragraph[], header = false): TableCell {
  return new TableCell({
    width: { size: 50, type: WidthType.PERCENTAGE },
    shading: header ? { type: ShadingType.CLEAR, fill: 'e6efe9', color: 'auto' } : undefined,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children,
  });
}

/** Two views side by side: a header row with their names, a row with their paragraphs. */
function sideBySide(left: [string, Paragraph[]], right: [string, Paragraph[]]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [left, right].map(([head]) => cell([p(head, { bold: true })], true)),
      }),
      new TableRow({ children: [cell(left[1]), cell(right[1])] }),
    ],
  });
}

export async function renderDocx(
  model: ReportModel,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const { signal, onProgress } = opts;
  const L = model.labels;
  const total = model.themes.length + 4;
  let done = 0;
  const step = async () => {
    onProgress?.(++done, total);
    await breathe(signal);
  };
  const body: (Paragraph | Table)[] = [];
  const c = model.cover;

  body.push(p(L.reportTitle, { heading: HeadingLevel.HEADING_1 }));
  body.push(p(c.siteName, { bold: true, size: 28 }));
  body.push(p(model.generatedAt, { color: GREY, size: 16 }));
  for (const [k, v] of coverFacts(model)) {
    body.push(
      new Paragraph({
        children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v || L.none)],
      }),
    );
  }
  if (c.byLine) body.push(p(c.byLine, { color: GREY, size: 16 }));
  for (const note of model.notes) body.push(p(note, { bold: true, color: WARN }));
  body.push(p(L.participants, { heading: HeadingLevel.HEADING_2 }));
  if (c.participants.length === 0) body.push(p(L.noParticipants, { color: GREY }));
  for (const pt of c.participants) {
    const extra = [pt.organisation, pt.role].filter(Boolean).join(', ');
    body.push(
      item([new TextRun({ text: pt.name, bold: true }), new TextRun(extra ? ` (${extra})` : '')]),
    );
  }
  for (const [label, text] of [
    [L.goals, c.goals],
    [L.route, c.route],
    [L.notes, c.notes],
  ] as const) {
    if (!text.trim()) continue;
    body.push(p(label, { heading: HeadingLevel.HEADING_2 }), p(text));
  }
  await step();

  if (model.checklist.length) {
    body.push(p(L.checklist, { heading: HeadingLevel.HEADING_2 }));
    for (const g of model.checklist) {
      body.push(p(g.title, { heading: HeadingLevel.HEADING_3 }), p(g.progress));
      for (const part of g.sections) {
        if (part.title) body.push(p(part.title, { heading: HeadingLevel.HEADING_4 }));
        for (const i of part.items) {
          const mark: CheckMark = i.state === 'done' || i.state === 'na' ? i.state : 'open';
          body.push(
            item(
              runs(`${i.label} (${i.stateLabel})${i.note ? ` – ${i.note}` : ''}`),
              [
                { text: i.hint, color: GREY, size: 17 },
                { text: i.byLine, color: GREY, size: 15 },
              ],
              mark,
            ),
          );
        }
      }
    }
  }
  await step();

  // The themes are the sections of the observations (Heading 2), their fields Heading 3.
  for (const theme of model.themes) {
    body.push(p(theme.label, { heading: HeadingLevel.HEADING_2 }));
    for (const f of theme.fields) {
      body.push(p(f.label, { heading: HeadingLevel.HEADING_3 }));
      if (!f.covered) {
        body.push(p(L.noObservationsInField, { color: GREY }));
        continue;
      }
      body.push(
        p(
          `${L.averageRating}: ${ratingsByKindText(f, model.lang, L.noRating)} · ${f.count} ${L.obsShort}`,
          { color: GREY, size: 18 },
        ),
      );
      body.push(
        sideBySide(
          [model.perspectiveLabels.outside, observationParagraphs(model, f.outside)],
          [model.perspectiveLabels.local, observationParagraphs(model, f.local)],
        ),
      );
      body.push(...photoParagraphs(model, f.photos));
    }
    await step();
  }
  if (model.general.length) {
    body.push(p(L.generalObservations, { heading: HeadingLevel.HEADING_2 }));
    for (const o of model.general)
      body.push(...observationParagraphs(model, [o]), ...photoParagraphs(model, o.photos));
  }
  if (model.visitPhotos.length)
    body.push(
      p(L.visitPhotos, { heading: HeadingLevel.HEADING_2 }),
      ...photoParagraphs(model, model.visitPhotos),
    );

  // The ratings: legend once, then per field both views side by side, a divergence in words.
  const R = model.ratings;
  if (R.fields.length) {
    body.push(p(R.title, { heading: HeadingLevel.HEADING_2 }));
    body.push(p(R.legendTitle, { bold: true }));
    for (const s of R.legend)
      body.push(item([new TextRun({ text: s.step, bold: true })], [{ text: s.meaning, size: 18 }]));
    const side = (v: (typeof R.fields)[number]['local']) => [
      p(v.text, { bold: true, size: 19 }),
      ...(v.note ? [p(`${R.noteLabel}: ${v.note}`, { size: 18 })] : []),
    ];
    for (const f of R.fields) {
      body.push(p(f.label, { heading: HeadingLevel.HEADING_3 }));
      if (f.divergenceText) body.push(p(`⚠ ${f.divergenceText}`, { bold: true, color: WARN }));
      body.push(sideBySide([R.localLabel, side(f.local)], [R.outsideLabel, side(f.outside)]));
    }
  }
  body.push(p(L.followUps, { heading: HeadingLevel.HEADING_2 }));
  if (model.followUps.length === 0) body.push(p(L.noFollowUps, { color: GREY }));
  for (const f of model.followUps) {
    body.push(
      item(
        [new TextRun({ text: `${f.kindLabel} · ${f.fieldLabel}`, bold: true })],
        [
          { text: f.description },
          {
            text: `${L.owner}: ${f.owner} · ${L.due}: ${f.due} · ${L.offer}: ${f.offerLabel} · ${L.status}: ${f.statusLabel}`,
            color: GREY,
            size: 18,
          },
          { text: f.byLine, color: GREY, size: 15 },
        ],
      ),
    );
  }
  body.push(p(L.uncovered, { heading: HeadingLevel.HEADING_2 }));
  if (model.uncovered.length === 0) body.push(p(L.allCovered));
  for (const u of model.uncovered) body.push(item(runs(u)));
  body.push(p(L.conflicts, { heading: HeadingLevel.HEADING_2 }));
  if (model.conflicts.length === 0) body.push(p(L.noConflicts));
  for (const cf of model.conflicts) body.push(item(runs(`⚠ ${cf}`, { color: WARN })));
  await step();

  const [before, middle, after] = splitPageLabel(L.page);
  const language = LOCALE[model.lang];
  const doc = new Document({
    creator: 'Standortbesuch',
    title: model.title,
    description: model.title,
    numbering: { config: checkNumbering },
    styles: {
      default: { document: { run: { font: 'Calibri', size: 21, language: { value: language } } } },
    },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({
                    size: 16,
                    color: GREY,
                    children: [
                      `${model.title}    ${before}`,
                      PageNumber.CURRENT,
                      middle,
                      PageNumber.TOTAL_PAGES,
                      after,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  signal?.throwIfAborted();
  const core = { path: 'docProps/core.xml', data: coreProperties(model, language) };
  const out = new Uint8Array(await Packer.toArrayBuffer(doc, false, [core]));
  signal?.throwIfAborted();
  onProgress?.(total, total);
  return out;
}

const xmlText = (s: string) =>
  s.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));

/**
 * docProps/core.xml as `docx` writes it plus dc:language, which its options lack: title,
 * subject (the site), creator, description and language are what Word's accessibility checker
 * and document readers show.
 */
function coreProperties(model: ReportModel, language: string): string {
  const now = new Date().toISOString();
  const el = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    el('dc:title', model.title),
    el('dc:subject', model.cover.siteName),
    el('dc:creator', 'Standortbesuch'),
    el('dc:description', model.generatedAt),
    el('dc:language', language),
    el('cp:lastModifiedBy', 'Standortbesuch'),
    el('cp:revision', '1'),
    `<dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${now}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/** "Seite {n} von {total}" → ["Seite ", " von ", ""]. */
function splitPageLabel(label: string): [string, string, string] {
  const [a = '', rest = ''] = label.split('{n}');
  const [b = '', c = ''] = rest.split('{total}');
  return [a, b, c];
}
