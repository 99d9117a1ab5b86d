// Histories kept for offline reading (docs/architecture.md §History): preparing a visit stores
// the history of the visit and each of its records; offline the kept copy answers, a record of
// another visit names the reason; online a fetch replaces the kept copy; past its time it goes.
import { afterEach, expect, it } from 'vitest';
import { cachedHistory, sweepHistories } from '../../../src/client/db/history-cache';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
} from '../../../src/client/db/mutators';
import { HistoryUnavailableError, loadHistory } from '../../../src/client/sync/history-fetch';
import { PREPARED_KEEP_MS, prepareOffline } from '../../../src/client/sync/prepare-offline';
import {
  closeOpened,
  harnessDevice,
  harnessAccess,
  harnessServer,
} from '../../support/client-engine';

afterEach(closeOpened);

it(
  'keeps the histories of a prepared visit, reads them offline, refreshes them online',
  { timeout: 30_000 },
  async () => {
    const h = await harnessServer();
    const { token } = await h.user('coordinator');
    const a = harnessDevice(h, token, { prefetch: false });
    const site = await createSite(a.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const visit = await createVisit(a.db, { siteId: site.id, date: '2026-07-01' });
    const other = await createVisit(a.db, { siteId: site.id, date: '2026-08-01' });
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: null, text: 'eins' });
    const elsewhere = await addObservation(a.db, { visitId: other.id, fieldId: null, text: 'x' });
    await a.engine.syncNow();
    await updateObservation(a.db, obs.id, { text: 'zwei' });
    await a.engine.syncNow();

    const access = harnessAccess(h, token);
    const offline = {
      ...access,
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    };
    const now = Date.now();
    const items = await a.db.checklistItems.where('visitId').equals(visit.id).count();
    const r = await prepareOffline(a.db, { visitId: visit.id }, { access, now });
    // The visit, its observation and its checklist items.
    expect(r.histories).toEqual({ kept: 2 + items, failed: 0 });
    const kept = await cachedHistory(a.db, 'observation', obs.id);
    expect(kept).toMatchObject({ visitId: visit.id, keepUntil: now + PREPARED_KEEP_MS });
    expect(await cachedHistory(a.db, 'observation', elsewhere.id)).toBeNull();

    const off = await loadHistory(a.db, 'observation', obs.id, { access: offline });
    expect(off.source).toBe('device');
    expect(off.fetchedAt).toBe(now);
    expect(off.entries.filter((e) => e.field === 'text').map((e) => [e.op, e.to])).toEqual([
      ['create', 'eins'],
      ['patch', 'zwei'],
    ]);
    const missing = await loadHistory(a.db, 'observation', elsewhere.id, { access: offline }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(HistoryUnavailableError);
    expect((missing as HistoryUnavailableError).code).toBe('offline');

    // Online: the server's newest state, and the kept copy follows it.
    await updateObservation(a.db, obs.id, { text: 'drei' });
    await a.engine.syncNow();
    const live = await loadHistory(a.db, 'observation', obs.id, { access, now: now + 1000 });
    expect(live.source).toBe('server');
    expect(live.entries.at(-1)).toMatchObject({ to: 'drei', from: 'zwei' });
    const refreshed = await loadHistory(a.db, 'observation', obs.id, { access: offline });
    expect([refreshed.source, refreshed.fetchedAt, refreshed.entries.at(-1)?.to]).toEqual([
      'device',
      now + 1000,
      'drei',
    ]);
    // A record the server does not know is not answered from the device.
    const gone = await loadHistory(a.db, 'observation', 'no-such-record', { access }).catch(
      (e: unknown) => e,
    );
    expect((gone as HistoryUnavailableError).code).toBe('not_found');

    expect(await sweepHistories(a.db, now + PREPARED_KEEP_MS + 1)).toBe(2 + items);
    expect(await cachedHistory(a.db, 'observation', obs.id)).toBeNull();
    await a.engine.stop();
  },
);
