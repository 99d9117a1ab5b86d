// Report export speed, size and memory, in node (pdf-lib runs the same code as in the browser;
// the browser adds no work of its own to the PDF build). A visit with 50 photos of ~300 KB each
// (real baseline JPEGs padded with comment segments to phone-photo size), 20 observations.
//   report_pdf_50_photos_s  model + PDF render, seconds (goal ≤ 5 s)
//   report_pdf_size_ratio   PDF bytes ÷ sum of embedded JPEG bytes (goal ≤ 1.05, plus at most 200 KB)
//   report_pdf_peak_mb      peak JS memory during the export: V8 heap + ArrayBuffers, sampled every 5 ms
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import type { ReportData } from '../../src/client/db/report-queries';
import { buildReportModel } from '../../src/client/reports/model';
import { renderPdf } from '../../src/client/reports/render-pdf';
import type { Bench } from './run';
import { makeJpeg, sha256 } from '../client/reports/fixtures';
import { nodeFonts } from '../client/reports/helpers';

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

const bench: Bench = async (report) => {
  const fonts = nodeFonts();
  const data = visitWithPhotos();
  const jpegBytes = data.photos.reduce((s, p) => s + (p.jpeg?.length ?? 0), 0);
  // Warm-up run: JIT and font parsing, as a second export in the same session would see.
  await renderPdf(buildReportModel(data, 'de'), fonts);
  (globalThis as { gc?: () => void }).gc?.();
  let peak = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  const pdf = await renderPdf(buildReportModel(data, 'de'), fonts);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  const ratio = pdf.length / jpegBytes;
  const overheadKb = (pdf.length - jpegBytes) / 1024;
  report({
    name: 'report_pdf_50_photos_s',
    value: Number(seconds.toFixed(2)),
    unit: 's',
    goal: '≤ 5',
    note: `${PHOTOS} photos, ${(jpegBytes / 2 ** 20).toFixed(1)} MiB JPEG, node ${process.version}`,
  });
  report({
    name: 'report_pdf_size_ratio',
    value: Number(ratio.toFixed(4)),
    unit: 'ratio',
    goal: '≤ 1.05 (+200 KB)',
    note: `PDF ${(pdf.length / 2 ** 20).toFixed(2)} MiB, overhead ${overheadKb.toFixed(0)} KB over the JPEG bytes`,
  });
  report({
    name: 'report_pdf_peak_mb',
    value: Number((peak / 2 ** 20).toFixed(1)),
    unit: 'MB',
    goal: `≤ ${((3 * pdf.length) / 2 ** 20).toFixed(1)}`,
    note: `goal: 3 × PDF size (research P10); peak V8 heapUsed + ArrayBuffers during the export (heap alone ${(peakHeap / 2 ** 20).toFixed(1)} MB); includes the ${(jpegBytes / 2 ** 20).toFixed(1)} MiB of photo bytes the model holds`,
  });
};

export default bench;
