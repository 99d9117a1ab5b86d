// How full the origin's storage is, for the Settings page and the storage banner (the photo
// capture refuses new photos through photos/storage-guard.ts). Text capture never consults
// this: a note is tiny and must keep working even when photos are refused
// (docs/architecture.md §Device safety).

export const STORAGE_LEVELS = { ok: 'ok', warn: 'warn', full: 'full' } as const;
export type StorageLevel = keyof typeof STORAGE_LEVELS;

/** Warn from 80 % of the quota, refuse new photos from 95 %. */
export const WARN_RATIO = 0.8;
export const FULL_RATIO = 0.95;

export type StoragePressure = { usage: number; quota: number; ratio: number; level: StorageLevel };

export function levelOf(ratio: number): StorageLevel {
  if (ratio >= FULL_RATIO) return 'full';
  if (ratio >= WARN_RATIO) return 'warn';
  return 'ok';
}

type StorageLike = Pick<StorageManager, 'estimate'>;

/**
 * Usage and quota of this origin. Without the StorageManager API (old browsers, some
 * private modes) the pressure is unknown and reported as 'ok' with quota 0: refusing
 * photos on a guess would lose more than it protects.
 */
export async function storagePressure(
  storage: StorageLike | undefined = globalThis.navigator?.storage,
): Promise<StoragePressure> {
  if (!storage?.estimate) return { usage: 0, quota: 0, ratio: 0, level: 'ok' };
  try {
    const { usage = 0, quota = 0 } = await storage.estimate();
    const ratio = quota > 0 ? usage / quota : 0;
    return { usage, quota, ratio, level: levelOf(ratio) };
  } catch {
    return { usage: 0, quota: 0, ratio: 0, level: 'ok' };
  }
}
