// Storage pressure: photos are refused when the origin is nearly out of quota, so that
// the remaining space stays available for text capture (which is tiny and never refused).
import { PHOTO_ERROR, PhotoError } from './errors';

export const NEARLY_FULL_RATIO = 0.95;

export type Estimate = { usage: number; quota: number };
export type EstimateFn = () => Promise<StorageEstimate>;

const defaultEstimate: EstimateFn | null =
  typeof navigator !== 'undefined' && navigator.storage?.estimate
    ? () => navigator.storage.estimate()
    : null;

export async function readEstimate(
  estimate: EstimateFn | null = defaultEstimate,
): Promise<Estimate | null> {
  if (!estimate) return null;
  try {
    const e = await estimate();
    return typeof e.usage === 'number' && typeof e.quota === 'number' && e.quota > 0
      ? { usage: e.usage, quota: e.quota }
      : null;
  } catch {
    return null; // no estimate: the QuotaExceededError path still protects the write
  }
}

export function isNearlyFull(e: Estimate | null): boolean {
  return !!e && e.usage / e.quota >= NEARLY_FULL_RATIO;
}

/** Throws PhotoError('storageFull') when usage ≥ 95 % of quota. */
export async function assertRoomForPhoto(estimate?: EstimateFn | null): Promise<void> {
  if (isNearlyFull(await readEstimate(estimate === undefined ? defaultEstimate : estimate))) {
    throw new PhotoError(PHOTO_ERROR.storageFull);
  }
}
