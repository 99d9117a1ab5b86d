// The PDF reports are tagged PDF in the manner of PDF/UA-1 (ISO 14289-1): marked, with language,
// title, XMP identification, a structure tree whose order is the reading order, and every mark
// on a page either inside a structure element or an artifact. Read back with qpdf and poppler.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_FIELDS, THEMES } from '../../../src/shared/domain/action-fields';
import { loadOverviewData, loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel, photoAltText } from '../../../src/client/reports/model';
import { renderPdf } from '../../../src/client/reports/render-pdf';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { renderOverviewPdf } from '../../../src/client/reports/render-overview';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { PARTICIPANTS, obsText, seedFullVisit } from './fixtures';
import { nodeFonts } from './helpers';
import { type Elem, PdfStructure, flatten, mcidOf, popplerStructure } from './pdf-structure';

let db: AppDb;
afterEach(() => db?.close());
const fonts = nodeFonts();

/** Each PDF is rendered once and read by several tests. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= make());
}

const visitReport = (lang: 'de' | 'en') => (lang === 'de' ? visitDe() : visitEn());
const visitDe = once(() => renderVisit('de'));
const visitEn = once(() => renderVisit('en'));

async function renderVisit(lang: 'de' | 'en') {
  db = makeTestDb();
  const { visit } = await seedFullVisit(db);
  const model = buildReportModel(await loadReportData(db, visit.id), lang);
  return { model, pdf: await renderPdf(model, fonts) };
}

const overview = once(renderOverview);
async function renderOverview() {
  db = makeTestDb();
  const sites = [];
  // Enough sites for a second page, where the header row repeats.
  for (let i = 0; i < 22; i++) {
    const s = await createSite(db, { municipality: `Stadt ${i}`, quarter: 'Mitte', phase: 'isek' });
    const v = await createVisit(db, { siteId: s.id, date: '2026-03-10' });
    await addObservation(db, { visitId: v.id, fieldId: 'mobility', rating: 3, text: 'a' });
    sites.push(s);
  }
  const model = buildOverviewModel(await loadOverviewData(db, {}), 'de');
  return { model, pdf: await renderOverviewPdf(model, fonts) };
}

/** The document-level facts PDF/UA-1 asks for. */
function expectDocumentFacts(s: PdfStructure, title: string, lang: string) {
  const cat = s.catalog;
  expect(s.dict(cat['/MarkInfo'])['/Marked']).toBe(true);
  expect(PdfStructure.text(cat['/Lang'])).toBe(lang);
  expect(s.dict(cat['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
  expect(PdfStructure.text(s.info['/Title'])).toBe(title);
  const root = s.dict(cat['/StructTreeRoot']);
  expect(root['/Type']).toBe('/StructTreeRoot');
  expect(root['/ParentTree']).toBeTruthy();
  expect(typeof root['/ParentTreeNextKey']).toBe('number');
  const meta = s.dict(cat['/Metadata']);
  expect(meta['/Subtype']).toBe('/XML');
  const xmp = s.streamText(cat['/Metadata']);
  expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
  expect(xmp).toContain('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"');
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  expect(xmp).toMatch(new RegExp(`<dc:title>.*${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 's'));
  for (const p of s.pages()) {
    const page = s.dict(p);
    expect(page['/Tabs']).toBe('/S');
    expect(typeof page['/StructParents']).toBe('number');
  }
}

/** The parent tree: StructParents key → array whose entry n is the element holding MCID n. */
function parentTree(s: PdfStructure): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const walk = (ref: string | undefined) => {
    const node = s.dict(ref);
    const nums = node['/Nums'] as (number | string)[] | undefined;
    if (nums)
      for (let i = 0; i < nums.length; i += 2) {
        const arr = s.resolve(nums[i + 1]) as string[];
        out.set(nums[i] as number, arr.map(String));
      }
    for (const k of (node['/Kids'] as string[] | undefined) ?? []) walk(k);
  };
  walk(s.dict(s.catalog['/StructTreeRoot'])['/ParentTree'] as string);
  return out;
}

const MARKS = new Set(['Tj', 'TJ', "'", '"', 'Do', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);

/**
 * Every text, image and path on every page sits in marked content: an /Artifact, or a tag with
 * an MCID that the parent tree maps to the very element whose /K holds that MCID on that page.
 * Returns how many marked-content sequences of each kind there were.
 */
function expectEverythingMarked(s: PdfStructure) {
  const tree = s.structTree()!;
  const holder = new Map<string, Elem>();
  for (const e of flatten(tree))
    for (const k of e.kids) if (!('type' in k)) holder.set(`${k.page}#${k.mcid}`, e);
  const parents = parentTree(s);
  const counts = { content: 0, artifact: 0 };
  for (const p of s.pages()) {
    const key = s.dict(p)['/StructParents'] as number;
    const ops = s.pageOps(p);
    const unmarked = ops.filter((o) => MARKS.has(o.op) && o.open.length === 0);
    expect(unmarked.map((o) => `${o.op} ${o.operands.join(' ')}`)).toEqual([]);
    const seen = new Set<number>();
    for (const o of ops) {
      if (o.op !== 'BDC' && o.op !== 'BMC') continue;
      // No real content nested in an artifact or the other way round.
      expect(o.open).toEqual([]);
      const tag = o.operands[0]!.slice(1);
      if (tag === 'Artifact') {
        counts.artifact++;
        continue;
      }
      const mcid = mcidOf(o);
      expect(mcid, `${tag} without MCID`).not.toBeNull();
      expect(seen.has(mcid!)).toBe(false);
      seen.add(mcid!);
      const el = holder.get(`${p}#${mcid}`);
      expect(el?.type, `MCID ${mcid} on ${p}`).toBe(tag);
      expect(parents.get(key)?.[mcid!]).toBe(el!.ref);
      counts.content++;
    }
    expect(parents.get(key)?.length ?? 0).toBe(seen.size);
  }
  // Every MCID the tree names exists on its page.
  expect(holder.size).toBe(counts.content);
  return counts;
}

/** The text of each element of a type, in reading order. */
function textsOf(s: PdfStructure, type: string): string[] {
  return flatten(s.structTree()!)
    .filter((e) => e.type === type)
    .map((e) => s.textOf(e));
}

describe('tagged visit report PDF', { timeout: 30_000 }, () => {
  it('is marked, has language, title, XMP with pdfuaid:part 1 and a structure tree', async () => {
    const { model, pdf } = await visitReport('de');
    expectDocumentFacts(new PdfStructure(pdf), model.title, 'de-DE');
    const en = await visitReport('en');
    expectDocumentFacts(new PdfStructure(en.pdf), en.model.title, 'en-GB');
  });

  it('puts every text, photo and line inside a structure element or an artifact', async () => {
    const { pdf } = await visitReport('de');
    const counts = expectEverythingMarked(new PdfStructure(pdf));
    expect(counts.content).toBeGreaterThan(100);
    // The running title and page number are an artifact on every page.
    expect(counts.artifact).toBeGreaterThanOrEqual(new PdfStructure(pdf).pages().length);
  });

  it('reads as headings, label–value pairs, lists, observations in visual order and figures with alt text', async () => {
    const { model, pdf } = await visitReport('de');
    const s = new PdfStructure(pdf);
    const tree = s.structTree()!;
    expect(tree.map((e) => e.type)).toEqual(['Document']);
    const all = flatten(tree);
    // poppler reads the same tree.
    expect(popplerStructure(pdf)).toEqual(all.map((e) => e.type));

    // Headings: one H1, the sections and themes as H2, the fields as H3, no level skipped.
    const h1 = textsOf(s, 'H1');
    expect(h1).toEqual(['Besuchsbericht']);
    const h2 = textsOf(s, 'H2');
    for (const t of THEMES) expect(h2.filter((h) => h.endsWith(t.de))).toHaveLength(1);
    expect(h2).toContain('Teilnehmende');
    const h3 = textsOf(s, 'H3');
    for (const f of ACTION_FIELDS) expect(h3).toContain(f.de);
    let level = 0;
    for (const e of all.filter((x) => /^H\d$/.test(x.type))) {
      const n = Number(e.type.slice(1));
      expect(n).toBeLessThanOrEqual(level + 1);
      level = n;
    }

    // The cover facts are a table of rows, each a header cell (scope row) then its value.
    const table = all.find((e) => e.type === 'Table')!;
    const rows = table.kids.filter((k): k is Elem => 'type' in k);
    expect(rows.every((r) => r.type === 'TR')).toBe(true);
    for (const r of rows) {
      const cells = r.kids.filter((k): k is Elem => 'type' in k).map((c) => c.type);
      expect(cells).toEqual(['TH', 'TD']);
      const th = r.kids[0] as Elem;
      expect(th.attrs).toContainEqual(expect.objectContaining({ O: '/Table', Scope: '/Row' }));
    }
    const th = textsOf(s, 'TH');
    const td = textsOf(s, 'TD');
    expect(th.slice(0, 2)).toEqual(['Kommune', 'Quartier']);
    expect(td.slice(0, 2)).toEqual(['Offenbach', 'Nordend']);
    // The whole document as read: each element's text, depth first.
    const text = s.textOf(tree[0]!);
    expect(text).toContain('Kommune Offenbach Quartier Nordend Datum 04.05.2026');

    // Participants are a list of items.
    const lbodies = textsOf(s, 'LBody');
    for (const p of PARTICIPANTS) expect(lbodies.some((t) => t.startsWith(p.name))).toBe(true);
    expect(all.filter((e) => e.type === 'L').length).toBeGreaterThanOrEqual(3);
    for (const l of all.filter((e) => e.type === 'L'))
      for (const k of l.kids) expect('type' in k && k.type).toBe('LI');

    // Observations: per field the whole outside column, then the whole local column.
    for (const f of ACTION_FIELDS) {
      const fieldAt = text.indexOf(f.de);
      const outAt = text.indexOf(obsText(f.id, 'außen'));
      const inAt = text.indexOf(obsText(f.id, 'innen'));
      expect(fieldAt).toBeGreaterThan(-1);
      expect(outAt).toBeGreaterThan(fieldAt);
      expect(inAt).toBeGreaterThan(outAt);
    }
    expect(textsOf(s, 'H4')).toContain('Außensicht (Besuchende)');
    expect(textsOf(s, 'H4')).toContain('Innensicht (vor Ort)');

    // Ten photos, ten figures, each with the shared alternative text and a layout box.
    const figures = all.filter((e) => e.type === 'Figure');
    expect(figures).toHaveLength(10);
    const photos = model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos));
    expect(figures.map((f) => f.alt)).toEqual(photos.map((p) => photoAltText(p, model.labels)));
    for (const f of figures) {
      const layout = f.attrs.find((a) => a.O === '/Layout')!;
      expect((layout.BBox as number[]).length).toBe(4);
      expect(f.kids.length).toBe(1);
    }

    // Page furniture is not content.
    expect(text).not.toMatch(/Seite \d+ von \d+/);
  });
});

describe('tagged visit report PDF with a missing photo', { timeout: 30_000 }, () => {
  it('draws its frame as an artifact and says why in a paragraph; the other photos stay figures', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const photo = model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos))[0]!;
    photo.jpeg = null;
    photo.problem = 'nicht auf diesem Gerät';
    const s = new PdfStructure(await renderPdf(model, fonts));
    expectEverythingMarked(s);
    const all = flatten(s.structTree()!);
    expect(all.filter((e) => e.type === 'Figure')).toHaveLength(9);
    expect(textsOf(s, 'P')).toContain(`${photo.label}: ${photo.caption} – nicht auf diesem Gerät`);
    // The frame is a path painted inside an artifact.
    const ops = s.pages().flatMap((p) => s.pageOps(p));
    expect(ops.some((o) => ['S', 'B', 'b'].includes(o.op) && o.open[0] === 'Artifact')).toBe(true);
  });
});

describe('tagged visit report PDF with a field running over pages', { timeout: 30_000 }, () => {
  it('reads each view header once: the copies on later pages are artifacts', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'A', quarter: 'B', phase: 'isek' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-03-10' });
    for (let i = 0; i < 60; i++)
      await addObservation(db, {
        visitId: visit.id,
        fieldId: 'mobility',
        perspective: i % 3 ? 'outside' : 'local',
        rating: 3,
        text: `Radweg Nummer ${i} endet abrupt`,
      });
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const s = new PdfStructure(await renderPdf(model, fonts));
    const pages = s.pages().length;
    expect(pages).toBeGreaterThan(2);
    const counts = expectEverythingMarked(s);
    // Footers on every page, and the two view headers repeated on the pages the field runs over.
    expect(counts.artifact).toBeGreaterThanOrEqual(pages + 2);
    expect(textsOf(s, 'H4')).toEqual(['Außensicht (Besuchende)', 'Innensicht (vor Ort)']);
    const views = flatten(s.structTree()!).filter((e) => e.type === 'Div');
    expect(views.map((d) => s.textOf(d))).toEqual([
      expect.stringMatching(
        /^Außensicht \(Besuchende\) 2\. .*Radweg Nummer 1 endet.*Radweg Nummer 59 endet abrupt$/,
      ),
      expect.stringMatching(
        /^Innensicht \(vor Ort\) .*Radweg Nummer 0 endet.*Radweg Nummer 57 endet abrupt$/,
      ),
    ]);
  });
});

describe('tagged overview PDF', { timeout: 30_000 }, () => {
  it('is marked with language and title, and everything on its pages is tagged or an artifact', async () => {
    const { model, pdf } = await overview();
    const s = new PdfStructure(pdf);
    expectDocumentFacts(s, model.title, 'de-DE');
    expect(s.pages().length).toBeGreaterThan(1);
    expectEverythingMarked(s);
  });

  it('is a table of sites × fields per heat-map view with column headers, one row per site led by a row header', async () => {
    const { model, pdf } = await overview();
    const s = new PdfStructure(pdf);
    const all = flatten(s.structTree()!);
    expect(textsOf(s, 'H1')).toEqual([model.labels.overviewTitle]);
    expect(textsOf(s, 'H2').slice(0, 4)).toEqual(model.modes.map((m) => model.modeLabels[m]));
    const tables = all.filter((e) => e.type === 'Table');
    expect(tables).toHaveLength(model.modes.length);
    for (const table of tables) {
      const rows = table.kids as Elem[];
      // The header row once in the tree, though it repeats on every page (as artifacts).
      expect(rows).toHaveLength(model.rows.length + 1);
      const head = rows[0]!.kids as Elem[];
      expect(head.map((c) => c.type)).toEqual(Array(11).fill('TH'));
      for (const c of head)
        expect(c.attrs).toContainEqual(expect.objectContaining({ O: '/Table', Scope: '/Column' }));
      for (const r of rows.slice(1)) {
        const cells = r.kids as Elem[];
        expect(cells.map((c) => c.type)).toEqual(['TH', ...Array(10).fill('TD')]);
        expect(cells[0]!.attrs).toContainEqual(expect.objectContaining({ Scope: '/Row' }));
      }
    }
    const th = textsOf(s, 'TH');
    expect(th.slice(0, 11)).toEqual([
      'Standort',
      ...model.fields.map((f) => `${f.number} (${f.theme})`),
    ]);
    expect(th[11]).toContain(model.rows[0]!.siteName);
    // Each cell reads as the value it shows (the colour is an artifact).
    expect(textsOf(s, 'TD').slice(0, 10)).toEqual(model.rows[0]!.views.coverage.map((v) => v.text));
    // The field legend is a list: number as label, field name as body.
    const lbl = textsOf(s, 'Lbl');
    expect(lbl.slice(0, 10)).toEqual(model.fields.map((f) => `${f.number}`));
    expect(textsOf(s, 'LBody').slice(0, 10)).toEqual(model.fields.map((f) => f.label));
  });
});
