// Report export speed, size, memory and download, in node (pdf-lib runs the same code as in the
// browser; the browser adds no work of its own to the PDF build). A visit with 50 photos of
// ~300 KB each (real baseline JPEGs padded with comment segments to phone-photo size), 20
// observations. The export runs as the app's PDF button does (src/client/reports/export-jobs.ts):
// read every photo once to build the model, drop those bytes, then read each photo again when
// the PDF places it and when it writes it; a Map of the JPEGs stands in for IndexedDB (each read
// returns a fresh copy, as IndexedDB does).
// The figures and their goals: `figures` below.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import type { ReportData } from '../../src/client/db/report-queries';
import { buildReportModel } from '../../src/client/reports/model';
import { renderPdfBlob } from '../../src/client/reports/render-pdf';
import type { Bench, FigureSpec } from './run';
import { makeJpeg, sha256 } from '../client/reports/fixtures';
import { nodeFonts } from '../client/reports/helpers';

export const figures: Record<string, FigureSpec> = {
  report_pdf_50_photos_s: {
    goal: '≤ 5',
    times:
      'tap on "PDF" → the PDF Blob is ready: reading the visit and its 50 photos, the model, layout and writing (node, fonts already loaded)',
  },
  report_pdf_size_ratio: {
    goal: '≤ 1.05 (+200 KB)',
    times: 'bytes of the PDF ÷ bytes of the 50 JPEGs it embeds (what the user sends by e-mail)',
  },
  report_pdf_peak_ratio: {
    goal: '≤ 3',
    times:
      'peak memory the export keeps alive, from its start to its Blob, ÷ the PDF size: live V8 heap + ArrayBuffers above the baseline (GC forced before every sample) plus the whole PDF for the Blob; node',
  },
  report_first_export_gzip_kb: {
    goal: '≤ 400',
    times:
      'code and fonts the first PDF export downloads after the app was installed (not in the precache): gzip -9 of those files in the built dist/',
  },
};

const PHOTOS = 50;
const PHOTO_BYTES = 300_000;
const now = '2026-05-04T10:00:00.000Z';

function visitWithPhotos(): ReportData {
  const observations = ACTION_FIELDS.flatMap((f, i) =>
    (['outside', 'local'] as const).map((perspective, j) => ({
      id: `obs-${i}-${j}`,
      visitId: 'v1',
      fieldId: f.id,
      kind: 'strength' as const,
      perspective,
      rating: (i % 5) + 1,
      text: `Beobachtung im Handlungsfeld ${f.de}: Größe, Qualität und Nutzung der Flächen. `.repeat(
        4,
      ),
      place: 'Marktplatz',
      lat: null,
      lng: null,
      author: 'Jürgen Müller',
      createdAt: now,
    })),
  );
  const photos = Array.from({ length: PHOTOS }, (_, i) => {
    const jpeg = makeJpeg(i, PHOTO_BYTES);
    const hash = sha256(jpeg);
    return {
      id: `p${i}`,
      visitId: 'v1',
      observationId: observations[i % observations.length]!.id,
      sha256: hash,
      thumbSha256: hash,
      mime: 'image/jpeg' as const,
      width: 1600,
      height: 1200,
      bytes: jpeg.length,
      caption: `Foto ${i + 1} – Straßenansicht`,
      order: i,
      takenAt: null,
      lat: null,
      lng: null,
      createdAt: now,
      jpeg,
    };
  });
  return {
    site: {
      id: 's1',
      municipality: 'Offenbach',
      quarter: 'Nordend',
      phase: 'isek',
      yearAdmitted: 2024,
      contact: { name: '', organisation: '', email: '', phone: '' },
      notes: '',
      createdAt: now,
    },
    visit: {
      id: 'v1',
      siteId: 's1',
      date: '2026-05-04',
      phase: 'isek',
      status: 'done',
      goals: 'Außensicht gewinnen',
      route: '',
      notes: '',
      createdAt: now,
    },
    participants: [
      {
        id: 'v1~p0',
        visitId: 'v1',
        name: 'Ayşe Öztürk',
        organisation: 'QM',
        role: '',
        order: 0,
        createdAt: now,
      },
    ],
    checklist: [],
    observations,
    followUps: [],
    photos,
    conflicts: [],
  };
}

/** The export as export-jobs runs it, against `store` in place of IndexedDB. */
async function exportPdf(stored: ReportData, store: Map<string, Uint8Array>): Promise<Blob> {
  // One photo per task, as IndexedDB answers (and as the memory sampler needs to see it).
  const read = async (sha: string) => {
    await new Promise((ok) => setImmediate(ok));
    return store.get(sha)?.slice() ?? null;
  };
  const photos = [];
  for (const p of stored.photos) photos.push({ ...p, jpeg: await read(p.sha256) });
  const data = { ...stored, photos };
  const model = buildReportModel(data, 'de');
  const views = [
    ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos)),
    ...model.general.flatMap((o) => o.photos),
    ...model.visitPhotos,
  ];
  for (const v of views) v.jpeg = null;
  data.photos = [];
  return renderPdfBlob(model, nodeFonts(), {}, (p) => read(p.sha256));
}

/** Gzip bytes of what a first PDF export fetches that the service worker did not precache. */
function firstExportDownload(): { kb: number; note: string } {
  const dist = resolve(process.env.DIST_DIR ?? join(import.meta.dirname, '../../dist'));
  let files: string[];
  try {
    files = readdirSync(join(dist, 'assets'));
  } catch {
    throw new Error(`report_first_export_gzip_kb: no built app in ${dist} (npm run build first)`);
  }
  // vite.config.ts keeps render-*.js and export-jobs-*.js out of the precache, and .ttf files
  // are not in its globPatterns: all of them come over the network on the first export.
  const lazy = files.filter(
    (f) =>
      /^(render-pdf|export-jobs)-.*\.js$/.test(f) ||
      /^DejaVuSans(-Bold)?-subset-.*\.ttf$/.test(f) ||
      /^DejaVuSans(-Bold)?-[^-]+\.ttf$/.test(f),
  );
  const sizes = lazy.map(
    (f) => [f, gzipSync(readFileSync(join(dist, 'assets', f)), { level: 9 }).length] as const,
  );
  const total = sizes.reduce((s, [, n]) => s + n, 0);
  return {
    kb: Math.round(total / 1024),
    note: `gzip -9 sizes in ${dist === resolve(join(import.meta.dirname, '../../dist')) ? 'dist/' : dist}: ${sizes.map(([f, n]) => `${f.replace(/-[\w-]{8}\./, '.')} ${Math.round(n / 1024)}`).join(', ')} KB; computed from the files, not from a network log`,
  };
}

const bench: Bench = async (report) => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const data = visitWithPhotos();
  const store = new Map(data.photos.map((p) => [p.sha256, p.jpeg!]));
  for (const p of data.photos) p.jpeg = null;
  const jpegBytes = [...store.values()].reduce((s, b) => s + b.length, 0);
  // Warm-up run: JIT and font parsing, as a second export in the same session would see.
  await exportPdf(data, store);
  gc();
  // Time: one export as the user runs it, the collector left to its own schedule.
  const t0 = performance.now();
  const blob = await exportPdf(data, store);
  const seconds = (performance.now() - t0) / 1000;
  const pdf = { length: blob.size };
  const ratio = pdf.length / jpegBytes;
  // Memory, in a second export: what the export keeps alive (garbage is collected before every
  // sample, every 10 ms), above what was there before it (the stand-in IndexedDB included).
  // Without the forced collections the figure would mostly count photo copies already dropped
  // but not yet collected; that raw peak is in the note.
  gc();
  const base = process.memoryUsage();
  const baseline = base.heapUsed + base.arrayBuffers;
  let live = -Infinity;
  let raw = -Infinity;
  const sample = (collect: boolean) => {
    if (collect) gc();
    const m = process.memoryUsage();
    const used = m.heapUsed + m.arrayBuffers - baseline;
    if (collect) live = Math.max(live, used);
    else raw = Math.max(raw, used);
  };
  const rawTimer = setInterval(() => sample(false), 5);
  await exportPdf(data, store);
  clearInterval(rawTimer);
  gc();
  const liveTimer = setInterval(() => sample(true), 10);
  await exportPdf(data, store);
  clearInterval(liveTimer);
  sample(true);
  report({
    name: 'report_pdf_50_photos_s',
    value: Number(seconds.toFixed(2)),
    unit: 's',
    note: `${PHOTOS} photos, ${(jpegBytes / 2 ** 20).toFixed(1)} MiB JPEG, node ${process.version}`,
  });
  report({
    name: 'report_pdf_size_ratio',
    value: Number(ratio.toFixed(4)),
    unit: 'ratio',
    note: `PDF ${(pdf.length / 2 ** 20).toFixed(2)} MiB, overhead ${((pdf.length - jpegBytes) / 1024).toFixed(0)} KB over the JPEG bytes`,
  });
  // The Blob's data lives outside the V8 heap and ArrayBuffers (in node and in the browser's
  // blob storage alike): counted as the whole PDF at every sample, an upper bound.
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  report({
    name: 'report_pdf_peak_ratio',
    value: Number(((live + pdf.length) / pdf.length).toFixed(2)),
    unit: '× PDF',
    note: `peak ${mb(live + pdf.length)} MB = ${mb(live)} MB live JS memory + ${mb(pdf.length)} MB PDF Blob (goal ≤ ${mb(3 * pdf.length)} MB); the first read for the model holds all ${mb(jpegBytes)} MiB of photos once, the layout and the writer one photo at a time; without forced GC the peak JS memory was ${mb(raw)} MB (dropped photo copies V8 had not yet collected); node, not a browser heap`,
  });
  const download = firstExportDownload();
  report({
    name: 'report_first_export_gzip_kb',
    value: download.kb,
    unit: 'KB',
    note: download.note,
  });
};

export default bench;
