// "Für den Besuch vorbereiten": every photo (image and thumbnail) of a visit, or of all visits at
// a site, and the records' histories (history-fetch.ts), fetched onto this device and kept there
// for PREPARED_KEEP_MS, so the work goes on without a network (docs/architecture.md §Photos
// step 9, §History). The records are on the device already (the sync pulls the whole scope); the
// report renderers are cached by reports/warm-up.
import { photosOfPlace } from '../db/photos';
import type { AppDb } from '../db/schema';
import { roomKeeper } from '../db/sync-blobs';
import type { BlobAccess } from './blob-download';
import { fetchBlobs } from './blob-fetch';
import { photoBudgetBytes } from './blob-prefetch';
import { prepareHistories } from './history-fetch';

/** How long prepared bytes are kept out of automatic eviction: two weeks. */
export const PREPARED_KEEP_MS = 14 * 86_400_000;

export type Place = { siteId: string } | { visitId: string };

export type PrepareResult = {
  /** Photos of the place. */
  photos: number;
  /** Photos whose image or thumbnail is still missing, with the reason (BlobUnavailableError code). */
  missing: { photoId: string; caption: string; visitId: string; reason: string }[];
  /** Bytes downloaded now. */
  bytes: number;
  /** Records whose history is now kept on the device, and those that could not be fetched. */
  histories: { kept: number; failed: number };
};

export async function prepareOffline(
  db: AppDb,
  place: Place,
  opts: {
    access?: BlobAccess;
    signal?: AbortSignal;
    onProgress?(done: number, total: number): void;
    now?: number;
  } = {},
): Promise<PrepareResult> {
  const photos = await photosOfPlace(db, place);
  const hashes = photos.flatMap((p) => [p.thumbSha256, p.sha256]);
  const wanted = new Set(hashes);
  // The user asked for these: they are stored even beyond the budget; room is made for them
  // by dropping other server-held bytes, least recently used first (never prepared ones).
  const keep = roomKeeper(db, await photoBudgetBytes(db), { protect: wanted, honourKeep: true });
  const r = await fetchBlobs(db, hashes, {
    access: opts.access,
    signal: opts.signal,
    onProgress: opts.onProgress,
    keepUntil: (opts.now ?? Date.now()) + PREPARED_KEEP_MS,
    room: async (size) => {
      await keep(size);
      return true;
    },
  });
  const missing = photos
    .map((p) => ({ p, reason: r.failed.get(p.sha256) ?? r.failed.get(p.thumbSha256) }))
    .filter((x): x is { p: (typeof photos)[number]; reason: string } => !!x.reason)
    .map(({ p, reason }) => ({ photoId: p.id, caption: p.caption, visitId: p.visitId, reason }));
  // Who changed what, readable offline too (docs/architecture.md §History).
  const histories = await prepareHistories(db, place, {
    access: opts.access,
    signal: opts.signal,
    now: opts.now,
    keepUntil: (opts.now ?? Date.now()) + PREPARED_KEEP_MS,
  });
  return { photos: photos.length, missing, bytes: r.bytes, histories };
}
