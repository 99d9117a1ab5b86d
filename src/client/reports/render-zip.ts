// ZIP of the photos of a report: the JPEG bytes stored as they are (no re-compression),
// named so that they sort in report order, plus a list of photos not on this device yet.
import { type Zippable, zipSync } from 'fflate';
import type { Lang } from '../../shared/domain/vocab';
import { reportTexts } from '../i18n/reports';
import type { PhotoView, ReportModel } from './model';
import type { RenderOptions } from './records';
import { breathe, fileSafe } from './text';

export type ZipInput = {
  lang: Lang;
  photos: readonly Pick<PhotoView, 'sha256' | 'caption' | 'label' | 'jpeg' | 'problem'>[];
};

/** Photos in the order the report shows them. */
export function photosOfModel(model: ReportModel): PhotoView[] {
  return [
    ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos)),
    ...model.general.flatMap((o) => o.photos),
    ...model.visitPhotos,
  ];
}

export async function renderZip(input: ZipInput, opts: RenderOptions = {}): Promise<Uint8Array> {
  const L = reportTexts.table(input.lang);
  const files: Zippable = {};
  const missing: string[] = [];
  const seen = new Set<string>();
  const total = input.photos.length;
  for (const [i, p] of input.photos.entries()) {
    if (i % 10 === 0) {
      await breathe(opts.signal);
      opts.onProgress?.(i, total);
    }
    const name = `${String(i + 1).padStart(3, '0')}_${fileSafe(p.caption || p.label, 40)}_${p.sha256.slice(0, 8)}.jpg`;
    if (!p.jpeg) {
      missing.push(`${name}: ${p.problem ?? L.photoMissing}`);
      continue;
    }
    if (seen.has(p.sha256)) continue;
    seen.add(p.sha256);
    files[name] = [p.jpeg, { level: 0 }];
  }
  if (missing.length)
    files[L.missingPhotosFile] = new TextEncoder().encode(
      `${L.missingPhotosText}\r\n${missing.join('\r\n')}\r\n`,
    );
  if (total === 0) files['LIESMICH.txt'] = new TextEncoder().encode(`${L.noPhotosText}\r\n`);
  opts.signal?.throwIfAborted();
  const out = zipSync(files);
  opts.onProgress?.(total, total);
  return out;
}
