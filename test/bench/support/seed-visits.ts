// Bulk data for the browser benches: done visits full of observations, written straight into the
// app's IndexedDB database (raw API, in the page) beside a site the app created.
import type { Page } from 'playwright-core';

export type SeedVisits = {
  /** The site the visits belong to; the database that holds it is the one written to. */
  siteId: string;
  /** Visits number `from` … `to - 1`, ids `bench-visit-0000` …; at most 50 per transaction. */
  from: number;
  to: number;
  perVisit: number;
  /** Action field ids, used in turn by the observations of a visit. */
  fields: string[];
};

/** Puts the visits and their observations into the app's database; returns the visit ids. */
export function seedVisits(page: Page, seed: SeedVisits): Promise<string[]> {
  return page.evaluate(async ({ siteId, from, to, perVisit, fields }) => {
    const names = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) => n.startsWith('standortbesuch-'));
    const open = (name: string) =>
      new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    let db: IDBDatabase | undefined;
    for (const n of names) {
      const d = await open(n);
      const has =
        d.objectStoreNames.contains('sites') &&
        (await new Promise<boolean>((ok) => {
          const r = d.transaction('sites').objectStore('sites').get(siteId);
          r.onsuccess = () => ok(!!r.result);
          r.onerror = () => ok(false);
        }));
      if (has) {
        db = d;
        break;
      }
      d.close();
    }
    if (!db) throw new Error('no app database holds the site');
    const now = new Date().toISOString();
    const ids: string[] = [];
    for (let v0 = from; v0 < to; v0 += 50) {
      // ≤ 50 visits per transaction
      const tx = db.transaction(['visits', 'observations'], 'readwrite');
      for (let v = v0; v < Math.min(to, v0 + 50); v++) {
        const id = `bench-visit-${String(v).padStart(4, '0')}`;
        ids.push(id);
        tx.objectStore('visits').put({
          id,
          siteId,
          date: `2025-${String((v % 12) + 1).padStart(2, '0')}-15`,
          phase: 'isek',
          status: 'done',
          goals: `Ziele ${v}`,
          route: '',
          participants: [],
          notes: '',
          createdAt: now,
          _v: 0,
          _deleted: 0,
        });
        for (let o = 0; o < perVisit; o++) {
          tx.objectStore('observations').put({
            id: `bench-obs-${v}-${o}`,
            visitId: id,
            fieldId: fields[o % fields.length],
            kind: 'challenge',
            perspective: o % 2 ? 'local' : 'outside',
            rating: (o % 5) + 1,
            text: `Beobachtung ${o}: Der Platz vor der Schule wird nachmittags stark genutzt, es fehlen Sitzgelegenheiten und Schatten.`,
            place: 'Marktplatz',
            lat: null,
            lng: null,
            author: '',
            createdAt: new Date(Date.parse(now) + o).toISOString(),
            _v: 0,
            _deleted: 0,
          });
        }
      }
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
    }
    db.close();
    return ids;
  }, seed);
}
