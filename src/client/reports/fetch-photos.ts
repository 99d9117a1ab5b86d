// Before an export that shows photos: the full images this device lacks are downloaded first
// (progress "Fotos laden: 3 von 12", cancel), so a coordinator who only has thumbnails gets a
// report with the photos (docs/architecture.md §Reports). What cannot be loaded (offline, not
// uploaded yet) is listed by visit and caption, and the person decides: export without those
// photos, or cancel.
import type { Photo } from '../../shared/domain/schemas';
import type { AppDb } from '../db/schema';
import type { BlobAccess } from '../sync/blob-download';
import { fetchBlobs } from '../sync/blob-fetch';
import type { DataModel } from './records';

/** A photo an export would show but whose image is not on this device. */
export type MissingPhoto = {
  photoId: string;
  visitId: string;
  /** "Kassel – Nord" (empty when the site is not on this device). */
  site: string;
  /** The visit's date (ISO), empty when unknown. */
  date: string;
  caption: string;
  /** Why (a BlobUnavailableError code: offline, not_uploaded, …). */
  reason: string;
};

export type PhotoFetchOptions = {
  /** Photos loaded of those missing. */
  onProgress?(done: number, total: number): void;
  /**
   * Some photos could not be loaded: true exports without them, false cancels the export.
   * Absent: the export goes on without them (the report says which are missing).
   */
  decide?(missing: MissingPhoto[]): Promise<boolean>;
  access?: BlobAccess;
};

/** Thrown when the person chose "Abbrechen" for missing photos (handled like a cancel). */
export class ExportCancelledError extends Error {
  override name = 'AbortError';
}

/**
 * Loads the full images of `model`'s photos that this device lacks. True when anything was
 * loaded (the caller rebuilds the model to read them). Throws ExportCancelledError when the
 * person cancels because of missing photos, an AbortError when the export was cancelled.
 */
export async function fetchExportPhotos(
  db: AppDb,
  model: DataModel,
  opts: PhotoFetchOptions,
  signal?: AbortSignal,
): Promise<boolean> {
  const photos: readonly Photo[] = model.records.photos;
  const r = await fetchBlobs(
    db,
    photos.map((p) => p.sha256),
    { access: opts.access, signal, onProgress: opts.onProgress },
  );
  signal?.throwIfAborted();
  if (r.failed.size > 0) {
    const visits = new Map(model.records.visits.map((v) => [v.id, v]));
    const sites = new Map(model.records.sites.map((s) => [s.id, s]));
    const missing: MissingPhoto[] = photos
      .filter((p) => r.failed.has(p.sha256))
      .map((p) => {
        const visit = visits.get(p.visitId);
        const site = visit ? sites.get(visit.siteId) : undefined;
        return {
          photoId: p.id,
          visitId: p.visitId,
          site: site ? `${site.municipality} – ${site.quarter}` : '',
          date: visit?.date ?? '',
          caption: p.caption,
          reason: r.failed.get(p.sha256)!,
        };
      });
    if (opts.decide && !(await opts.decide(missing))) throw new ExportCancelledError('cancelled');
  }
  return r.fetched.length > 0;
}
