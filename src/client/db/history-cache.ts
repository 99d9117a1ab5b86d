// The device's copy of records' histories (docs/architecture.md §History): what "Für den Besuch
// vorbereiten" fetched, so the "Verlauf" of a prepared visit opens without a network. Not a
// synced table: the server owns the history, this is a read cache that a later fetch replaces.
import type { HistoryPage } from '../../shared/history';
import type { HistoryCacheRow } from './history-row';
import type { AppDb } from './schema';

export const historyKey = (entity: string, id: string) => `${entity}:${id}`;

/** The records whose histories a prepared place keeps: the visit and its children, or a site and its visits. */
export async function historyRecordsOf(
  db: AppDb,
  place: { siteId: string } | { visitId: string },
): Promise<{ entity: string; id: string; visitId: string | null }[]> {
  if ('siteId' in place) {
    const visits = await db.visits.where('siteId').equals(place.siteId).toArray();
    return [
      { entity: 'site', id: place.siteId, visitId: null },
      ...visits
        .filter((v) => v._deleted === 0)
        .map((v) => ({ entity: 'visit', id: v.id, visitId: v.id })),
    ];
  }
  const visitId = place.visitId;
  const children = [
    ['observation', db.observations],
    ['followUp', db.followUps],
    ['checklistItem', db.checklistItems],
    ['participant', db.participants],
    ['photo', db.photos],
  ] as const;
  // The five child tables read at once, not one after another.
  const found = await Promise.all(
    children.map(async ([entity, table]) => {
      const rows = (await table.where('visitId').equals(visitId).toArray()) as {
        id: string;
        _deleted: 0 | 1;
      }[];
      return rows.filter((r) => r._deleted === 0).map((r) => ({ entity, id: r.id, visitId }));
    }),
  );
  return [{ entity: 'visit', id: visitId, visitId }, ...found.flat()];
}

/** Stores fetched histories until `keepUntil`, replacing older copies. */
export async function storeHistories(
  db: AppDb,
  pages: { page: HistoryPage; visitId: string | null }[],
  now: number,
  keepUntil: number,
): Promise<void> {
  await db.recordHistory.bulkPut(
    pages.map(({ page, visitId }) => ({
      key: historyKey(page.entity, page.id),
      entity: page.entity,
      id: page.id,
      visitId,
      entries: page.entries,
      complete: page.complete,
      created: page.created,
      fetchedAt: now,
      keepUntil,
    })),
  );
}

/** A fresh fetch replaces a kept copy (never adds one: only preparing a place keeps histories). */
export async function refreshHistory(db: AppDb, page: HistoryPage, now: number): Promise<void> {
  await db.recordHistory.update(historyKey(page.entity, page.id), {
    entries: page.entries,
    complete: page.complete,
    created: page.created,
    fetchedAt: now,
  });
}

export async function cachedHistory(
  db: AppDb,
  entity: string,
  id: string,
): Promise<HistoryCacheRow | null> {
  return (await db.recordHistory.get(historyKey(entity, id))) ?? null;
}

/** Drops copies kept past their time: who changed what is personal data, kept no longer than needed. */
export async function sweepHistories(db: AppDb, now: number): Promise<number> {
  return db.recordHistory.filter((r) => r.keepUntil < now).delete();
}
