// Records' histories from the server (GET /api/v1/history/:entity/:id, src/shared/history.ts):
// on demand when the user opens "Verlauf", and for every record of a place when the user prepares
// it for offline work; a fetched copy replaces a kept one. Offline, the kept copy answers
// (docs/architecture.md §History).
import { type HistoryEntry, HistoryPage } from '../../shared/history';
import {
  cachedHistory,
  historyRecordsOf,
  refreshHistory,
  storeHistories,
  sweepHistories,
} from '../db/history-cache';
import type { AppDb } from '../db/schema';
import { type BlobAccess, blobAccessOf } from './blob-download';
import { linkedSignal } from './transport';

/** Pages followed per record: far more than a record gathers in its life (200 entries each). */
const MAX_PAGES = 50;
/** Histories fetched at once while preparing a place. */
const PARALLEL = 4;

/** Why no history could be shown: 'offline', 'signed_out', 'not_found', 'http_<status>', 'invalid'. */
export class HistoryUnavailableError extends Error {
  override name = 'HistoryUnavailableError';
  constructor(readonly code: string) {
    super(`history unavailable: ${code}`);
  }
}

export async function fetchHistory(
  a: BlobAccess | undefined,
  entity: string,
  id: string,
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const token = a?.getToken();
  if (!a || !token) throw new HistoryUnavailableError('signed_out');
  if (globalThis.navigator?.onLine === false) throw new HistoryUnavailableError('offline');
  let first: HistoryPage | null = null;
  const entries: HistoryEntry[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < MAX_PAGES; n++) {
    const q: string = cursor ? `?cursor=${cursor}` : '';
    let res: Response;
    let body: unknown;
    const linked = linkedSignal(signal, AbortSignal.timeout(30_000));
    try {
      res = await a.fetch(
        `${a.baseUrl}/api/v1/history/${encodeURIComponent(entity)}/${encodeURIComponent(id)}${q}`,
        { headers: { authorization: `Bearer ${token}` }, signal: linked.signal },
      );
      if (res.status === 404) throw new HistoryUnavailableError('not_found');
      if (!res.ok) throw new HistoryUnavailableError(`http_${res.status}`);
      body = await res.json();
    } catch (e) {
      if (e instanceof HistoryUnavailableError) throw e;
      throw new HistoryUnavailableError('offline');
    } finally {
      linked.release();
    }
    const parsed = HistoryPage.safeParse(body);
    if (!parsed.success) throw new HistoryUnavailableError('invalid');
    first ??= parsed.data;
    entries.push(...parsed.data.entries);
    cursor = parsed.data.next;
    if (cursor === null) break;
  }
  return { ...first!, entries, next: cursor };
}

export type LoadedHistory = Pick<HistoryPage, 'entries' | 'complete' | 'created'> & {
  /** 'server': fetched now; 'device': the copy kept offline, from `fetchedAt`. */
  source: 'server' | 'device';
  fetchedAt: number;
};

/** The history as the server has it now, else the copy kept on the device, else the reason. */
export async function loadHistory(
  db: AppDb,
  entity: string,
  id: string,
  opts: { access?: BlobAccess; now?: number; signal?: AbortSignal } = {},
): Promise<LoadedHistory> {
  const now = opts.now ?? Date.now();
  try {
    const page = await fetchHistory(opts.access ?? blobAccessOf(db), entity, id, opts.signal);
    await refreshHistory(db, page, now);
    return { ...page, source: 'server', fetchedAt: now };
  } catch (e) {
    if (!(e instanceof HistoryUnavailableError) || e.code === 'not_found') throw e;
    const kept = await cachedHistory(db, entity, id);
    if (!kept) throw e;
    return { ...kept, source: 'device', fetchedAt: kept.fetchedAt };
  }
}

/**
 * Fetches and keeps the histories of every record of a prepared place until `keepUntil`.
 * Returns how many were kept and how many failed (not_found: a record the server does not have
 * yet, such as one still in the outbox).
 */
export async function prepareHistories(
  db: AppDb,
  place: { siteId: string } | { visitId: string },
  opts: { access?: BlobAccess; signal?: AbortSignal; now?: number; keepUntil: number },
): Promise<{ kept: number; failed: number }> {
  const now = opts.now ?? Date.now();
  await sweepHistories(db, now);
  const records = await historyRecordsOf(db, place);
  const access = opts.access ?? blobAccessOf(db);
  const pages: Parameters<typeof storeHistories>[1] = [];
  let failed = 0,
    next = 0;
  const worker = async () => {
    while (next < records.length && !opts.signal?.aborted) {
      const r = records[next++]!;
      try {
        const page = await fetchHistory(access, r.entity, r.id, opts.signal);
        pages.push({ page, visitId: r.visitId });
      } catch (e) {
        if (!(e instanceof HistoryUnavailableError)) throw e;
        failed++;
        // Without a network or a session none of the rest can succeed either.
        if (e.code === 'offline' || e.code === 'signed_out') {
          failed += records.length - next;
          next = records.length;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // One write for the whole place, not one per record.
  await storeHistories(db, pages, now, opts.keepUntil);
  return { kept: pages.length, failed };
}
