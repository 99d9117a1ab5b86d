// The Word report and the HTML report document are accessible: document language, one first-
// level heading and no level skipped, real lists, repeating table header rows, alternative text on
// every picture (model.ts photoAltText), title and language in the metadata (docs/architecture.md,
// reports). The print view's document is also checked with axe-core in Chromium
// (test/e2e/report-document-a11y.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { ACTION_FIELDS, THEMES } from '../../../src/shared/domain/action-fields';
import { loadReportData } from '../../../src/client/db/report-queries';
import { addObservation } from '../../../src/client/db/mutators';
import { buildReportModel, photoAltText } from '../../../src/client/reports/model';
import { renderDocx } from '../../../src/client/reports/render-docx';
import { renderHtml } from '../../../src/client/reports/render-html';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { PARTICIPANTS, XSS, addPhoto, makeJpeg, seedFullVisit } from './fixtures';

let db: AppDb;
afterEach(() => db?.close());

const unescape = (s: string) =>
  s.replace(
    /&(lt|gt|amp|quot|apos|#39);/g,
    (m) =>
      ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'", '&#39;': "'" })[m]!,
  );

/** Every paragraph of the body: its style, whether it is a list item, and its text. */
const photosOf = (model: ReturnType<typeof buildReportModel>) => [
  ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos)),
  ...model.general.flatMap((o) => o.photos),
  ...model.visitPhotos,
];

/** No heading level skipped on the way down, the first one a level 1. */
function expectInOrder(headings: { level: number; text: string }[]) {
  expect(headings[0]!.level).toBe(1);
  for (const [i, h] of headings.entries())
    if (i > 0) expect(h.level, h.text).toBeLessThanOrEqual(headings[i - 1]!.level + 1);
}

function paragraphs(xml: string) {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1]!)?.[1] ?? null,
    list: m[1]!.includes('<w:numPr>'),
    text: unescape(m[1]!.replace(/<w:br\/>/g, '\n').replace(/<[^>]+>/g, '')),
  }));
}

async function seed() {
  db = makeTestDb();
  const { visit } = await seedFullVisit(db);
  const general = await addObservation(db, {
    visitId: visit.id,
    fieldId: null,
    perspective: 'local',
    text: 'Allgemeiner Eindruck',
  });
  await addPhoto(db, visit.id, general.id, makeJpeg(901), '', 50);
  await addPhoto(db, visit.id, null, makeJpeg(902), `Blick vom Dach ${XSS}`, 51);
  await addPhoto(db, visit.id, null, makeJpeg(903), '', 52);
  return loadReportData(db, visit.id);
}

// Word and HTML are rendered from a ten-photo visit per language: seconds on a busy machine.
describe('the Word report is accessible', { timeout: 30_000 }, () => {
  for (const [lang, tag] of [
    ['de', 'de-DE'],
    ['en', 'en-GB'],
  ] as const) {
    it(`declares ${tag}, titles itself, and is built from headings, lists, header rows and described pictures (${lang})`, async () => {
      const model = buildReportModel(await seed(), lang);
      const files = unzipSync(await renderDocx(model));
      const styles = strFromU8(files['word/styles.xml']!);
      const xml = strFromU8(files['word/document.xml']!);
      const core = strFromU8(files['docProps/core.xml']!);

      // Language: the default run properties carry it, so every paragraph inherits it.
      const defaults = /<w:rPrDefault>(.*?)<\/w:rPrDefault>/s.exec(styles)?.[1] ?? '';
      expect(defaults).toContain(`<w:lang w:val="${tag}"`);
      expect(core).toContain(`<dc:language>${tag}</dc:language>`);
      expect(unescape(/<dc:title>(.*?)<\/dc:title>/s.exec(core)?.[1] ?? '')).toBe(model.title);
      expect(unescape(/<dc:subject>(.*?)<\/dc:subject>/s.exec(core)?.[1] ?? '')).toBe(
        model.cover.siteName,
      );
      expect(core).toContain('<dc:creator>Standortbesuch</dc:creator>');

      // Headings: one Heading 1 first, then no level skipped on the way down.
      const paras = paragraphs(xml);
      const headings = paras
        .filter((p) => p.style && /^Heading\d$/.test(p.style))
        .map((p) => ({ level: Number(p.style!.slice(7)), text: p.text }));
      expect(paras.some((p) => p.style === 'Title')).toBe(false);
      expect(headings.filter((h) => h.level === 1)).toEqual([
        { level: 1, text: model.labels.reportTitle },
      ]);
      expectInOrder(headings);
      for (const t of THEMES)
        expect(headings).toContainEqual({ level: 2, text: `${t.id}. ${t[lang]}` });
      for (const f of ACTION_FIELDS) expect(headings).toContainEqual({ level: 3, text: f[lang] });
      for (const g of model.checklist) expect(headings).toContainEqual({ level: 3, text: g.title });
      for (const h of [model.labels.participants, model.labels.checklist, model.labels.followUps])
        expect(headings).toContainEqual({ level: 2, text: h });

      // Lists are list paragraphs: participants, checklist items, follow-ups.
      const listed = paras.filter((p) => p.list).map((p) => p.text);
      for (const pt of PARTICIPANTS) expect(listed.some((t) => t.startsWith(pt.name))).toBe(true);
      for (const i of model.checklist.flatMap((g) => g.items))
        expect(listed.some((t) => t.startsWith(i.label))).toBe(true);
      // A checklist item's box is its list label (numbering.xml), not a bullet plus a glyph.
      const numbering = strFromU8(files['word/numbering.xml']!);
      for (const box of ['☑', '☐']) expect(numbering).toContain(`<w:lvlText w:val="${box}"/>`);
      expect(model.followUps).not.toHaveLength(0);
      for (const f of model.followUps)
        expect(listed.some((t) => t.includes(f.description))).toBe(true);

      // Every table repeats its header row on each page.
      const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)];
      expect(tables.length).toBeGreaterThan(0);
      for (const [, t] of tables) {
        const firstRow = /<w:tr>(.*?)<\/w:tr>/s.exec(t!)?.[1] ?? '';
        expect(firstRow).toContain('<w:tblHeader/>');
      }

      // Every picture is described: the caption, else field and time.
      const photos = photosOf(model);
      const docPrs = [...xml.matchAll(/<wp:docPr ([^>]*)\/?>/g)].map((m) =>
        Object.fromEntries(
          [...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, unescape(a[2]!)]),
        ),
      );
      expect(docPrs).toHaveLength(photos.length);
      expect(docPrs.map((d) => d.descr)).toEqual(photos.map((p) => photoAltText(p, model.labels)));
      for (const d of docPrs) {
        expect(d.title).toBe(d.descr);
        expect(d.name).toBe(d.descr);
      }
      const word = lang === 'de' ? 'Foto' : 'Photo';
      expect(
        docPrs.filter((d) => d.descr!.startsWith(`${word}: ${model.labels.noField}, `)),
      ).toHaveLength(2);
      expect(docPrs.map((d) => d.descr)).toContain(`Blick vom Dach ${XSS}`);
    });
  }
});

describe('the HTML report document is accessible', { timeout: 30_000 }, () => {
  for (const [lang, tag] of [
    ['de', 'de-DE'],
    ['en', 'en-GB'],
  ] as const) {
    it(`declares ${tag}, has a title, one h1, headings in order, lists, a main landmark and described images (${lang})`, async () => {
      const model = buildReportModel(await seed(), lang);
      const html = new TextDecoder().decode(await renderHtml(model));
      expect(html).toMatch(new RegExp(`^<!doctype html><html lang="${tag}">`));
      expect(unescape(/<title>(.*?)<\/title>/s.exec(html)?.[1] ?? '')).toBe(model.title);
      expect(html.match(/<main>/g)).toHaveLength(1);
      // Nothing outside the landmarks but the footer (contentinfo).
      expect(html).toMatch(/<body>\s*<main>.*<\/main>\s*<footer[^>]*>.*<\/footer>\s*<\/body>/s);

      const headings = [...html.matchAll(/<h([1-6])[^>]*>(.*?)<\/h\1>/gs)].map((m) => ({
        level: Number(m[1]),
        text: unescape(m[2]!.replace(/<[^>]+>/g, '')),
      }));
      expect(headings.filter((h) => h.level === 1)).toEqual([
        { level: 1, text: model.labels.reportTitle },
      ]);
      expectInOrder(headings);
      for (const t of THEMES)
        expect(headings).toContainEqual({ level: 2, text: `${t.id}. ${t[lang]}` });
      for (const f of ACTION_FIELDS) expect(headings).toContainEqual({ level: 3, text: f[lang] });
      for (const g of model.checklist) expect(headings).toContainEqual({ level: 3, text: g.title });

      // Lists hold only list items; participants and follow-ups are lists.
      for (const [, body] of html.matchAll(/<ul[^>]*>(.*?)<\/ul>/gs))
        expect(body!.replace(/<li[^>]*>.*?<\/li>/gs, '').trim()).toBe('');
      const items = [...html.matchAll(/<li[^>]*>(.*?)<\/li>/gs)].map((m) => unescape(m[1]!));
      for (const pt of PARTICIPANTS) expect(items.some((t) => t.includes(pt.name))).toBe(true);
      for (const f of model.followUps)
        expect(items.some((t) => t.includes(f.description))).toBe(true);

      // Every image is described by photoAltText; no inline style (the app's CSP blocks them).
      const alts = [...html.matchAll(/<img [^>]*?alt="([^"]*)"/g)].map((m) => unescape(m[1]!));
      expect(html.match(/<img /g)).toHaveLength(alts.length);
      expect(alts).toEqual(photosOf(model).map((p) => photoAltText(p, model.labels)));
      expect(html).not.toMatch(/ style="/);
    });
  }
});
