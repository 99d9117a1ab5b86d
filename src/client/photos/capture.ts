// One file from the camera or gallery → one stored photo, or a PhotoError with a code.
// Order matters: cheap header checks and the quota check first, metadata from the original,
// then the worker, then hashing-free storage (hashes come from the worker) in one transaction.
import { RecordNotFoundError, StorageFullError, isQuotaError } from '../db/errors';
import { type AddPhotoResult, addPhoto } from '../db/photos';
import type { AppDb } from '../db/schema';
import { PHOTO_ERROR, PhotoError } from './errors';
import { readImageHeader } from './image-header';
import { currentPosition, readPhotoMeta } from './location';
import { clampLongEdge } from './process-image';
import { processPhoto } from './processor';
import { type EstimateFn, assertRoomForPhoto } from './storage-guard';

export type CaptureSource = 'camera' | 'gallery';
export type CaptureTarget = { visitId: string; observationId: string | null };
export type CaptureSettings = {
  longEdge: number;
  locationConsent: boolean;
  estimate?: EstimateFn | null;
};

export async function capturePhoto(
  db: AppDb,
  file: File,
  target: CaptureTarget,
  source: CaptureSource,
  settings: CaptureSettings,
): Promise<AddPhotoResult> {
  await readImageHeader(file);
  await assertRoomForPhoto(settings.estimate);
  const meta = await readPhotoMeta(file, settings.locationConsent);
  if (settings.locationConsent && meta.lat === null && source === 'camera') {
    // A fresh camera shot was taken here and now; a gallery photo may be from anywhere.
    const here = await currentPosition();
    if (here) Object.assign(meta, here);
  }
  const takenAt =
    meta.takenAt ?? (source === 'camera' ? new Date().toISOString() : lastModified(file));
  const processed = await processPhoto(file, { longEdge: clampLongEdge(settings.longEdge) });
  try {
    return await addPhoto(
      db,
      { ...target, takenAt, lat: meta.lat, lng: meta.lng },
      processed.image,
      processed.thumb,
    );
  } catch (e) {
    if (e instanceof StorageFullError || isQuotaError(e))
      throw new PhotoError(PHOTO_ERROR.storageFull, '', { cause: e });
    if (e instanceof RecordNotFoundError)
      throw new PhotoError(PHOTO_ERROR.noTarget, e.message, { cause: e });
    throw e;
  }
}

function lastModified(file: File): string | null {
  return file.lastModified > 0 ? new Date(file.lastModified).toISOString() : null;
}
