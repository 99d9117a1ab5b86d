// The client never crashes on a row it did not expect (docs/architecture.md §Apply): a visit
// without its date on the server (written by direct SQL, as a broken decision once did) is pulled
// into a device; lists skip it, every other visit still shows, and the damage is counted.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { getVisit, listVisits, visitsOfSite } from '../../../src/client/db/queries';
import { loadOverviewData } from '../../../src/client/db/report-queries';
import { damagedRecords } from '../../../src/client/db/row-check';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const device = (h: Harness, token: string) => harnessDevice(h, token);

describe('a visit without date pulled from the server', () => {
  it('is skipped by lists and reports, counted as damaged; the other visits still show', async () => {
    const h = await harnessServer();
    const { token } = await h.user('coordinator');
    const a = device(h, token);
    const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
    const good = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' }, []);
    const bad = await createVisit(a.db, { siteId: site.id, date: '2026-06-01' }, []);
    expect((await a.engine.syncNow()).status).toBe('ok');
    a.engine.stop();

    const sql = new Database(h.dbFile);
    sql
      .prepare(
        "UPDATE records SET data = json_remove(data, '$.date') WHERE entity = 'visit' AND id = ?",
      )
      .run(bad.id);
    sql.close();

    const b = device(h, token);
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await b.db.visits.get(bad.id))?.date).toBeUndefined(); // the broken row arrived

    expect((await listVisits(b.db)).map((v) => v.id)).toEqual([good.id]);
    expect((await visitsOfSite(b.db, site.id)).map((v) => v.id)).toEqual([good.id]);
    expect(await getVisit(b.db, bad.id)).toBeNull();
    expect((await loadOverviewData(b.db)).visits.map((v) => v.id)).toEqual([good.id]);
    expect(await damagedRecords(b.db)).toBe(1);
    b.engine.stop();
  });
});
