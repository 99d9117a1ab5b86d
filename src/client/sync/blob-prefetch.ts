// After each successful sync round the thumbnails of every photo this device can read are
// fetched in the background, newest first, a few at a time, within the photo budget
// (docs/architecture.md §Photos step 8). It never blocks the sync loop or the UI, stops when
// offline (the next round resumes), and makes room only by dropping bytes the server holds.
import { livePhotosNewestFirst, readPhotoSettings } from '../db/photos';
import type { AppDb } from '../db/schema';
import { roomKeeper } from '../db/sync-blobs';
import { type StoragePressure, storagePressure } from '../device/storage';
import type { BlobAccess } from './blob-download';
import { type FetchManyResult, fetchBlobs } from './blob-fetch';
import { createRounds } from './rounds';

/** Photo budget when the user set none and the browser gives no quota: 200 MB. */
export const DEFAULT_BUDGET_BYTES = 200_000_000;
/** …and at most this share of the origin's quota (a phone with 1 GB for the origin: 250 MB). */
export const BUDGET_QUOTA_SHARE = 0.25;
const MB = 1_000_000;

/** The photo budget in bytes: the user's setting, else min(200 MB, a quarter of the quota). */
export async function photoBudgetBytes(
  db: AppDb,
  pressure: () => Promise<StoragePressure> = storagePressure,
): Promise<number> {
  const mb = (await readPhotoSettings(db)).budgetMb;
  if (typeof mb === 'number' && mb > 0) return mb * MB;
  return defaultBudgetBytes((await pressure()).quota);
}

/** The automatic budget for an origin quota (0: unknown): min(200 MB, a quarter of it). */
export function defaultBudgetBytes(quota: number): number {
  return quota > 0
    ? Math.min(DEFAULT_BUDGET_BYTES, quota * BUDGET_QUOTA_SHARE)
    : DEFAULT_BUDGET_BYTES;
}

export type PrefetchOptions = {
  access?: BlobAccess;
  signal?: AbortSignal;
  /** Budget in bytes (tests); default photoBudgetBytes. */
  budget?: number;
  pressure?: () => Promise<StoragePressure>;
};

/** Result of one round; stoppedBy 'storage' when the device is nearly full (nothing fetched). */
export type PrefetchResult = FetchManyResult & { wanted: number };

/**
 * One round: the thumbnails of all live photos on this device that lack their bytes. Room is
 * made by dropping bytes the server holds, least recently used first, except other live
 * photos' thumbnails (no churn) and bytes prepared for offline work; when the budget is full
 * of those, the round stops and the newest photos are the ones that have thumbnails.
 */
export async function prefetchThumbnails(
  db: AppDb,
  opts: PrefetchOptions = {},
): Promise<PrefetchResult> {
  const pressure = opts.pressure ?? storagePressure;
  const thumbs = (await livePhotosNewestFirst(db)).map((p) => p.thumbSha256);
  const empty = { fetched: [], bytes: 0, failed: new Map<string, string>(), wanted: thumbs.length };
  // From 80 % of the quota the device keeps its room for what the user captures.
  if ((await pressure()).level !== 'ok') return { ...empty, stoppedBy: 'storage' };
  const budget = opts.budget ?? (await photoBudgetBytes(db, pressure));
  const room = roomKeeper(db, budget, { protect: new Set(thumbs), honourKeep: true });
  const r = await fetchBlobs(db, thumbs, { access: opts.access, signal: opts.signal, room });
  return { ...r, wanted: thumbs.length };
}

export type Prefetcher = {
  /** Start a round (or mark one more after the running one); resolves when it ends. */
  kick(): Promise<void>;
  stop(): void;
  /** The last round's result (tests, figures). */
  last(): PrefetchResult | null;
};

/** One round at a time per engine; a kick during a round asks for one more after it. */
export function createPrefetcher(
  db: AppDb,
  opts: Omit<PrefetchOptions, 'signal'> & { signal: () => AbortSignal },
): Prefetcher {
  let last: PrefetchResult | null = null;
  const rounds = createRounds(async () => {
    last = await prefetchThumbnails(db, { ...opts, signal: opts.signal() });
    // Offline, signed out, budget or storage full: wait for the next sync round.
    return !last.stoppedBy;
  });
  return { ...rounds, last: () => last };
}
