// Photos follow the work (docs/architecture.md §Photos step 8): after a sync a device holds the
// thumbnail of every photo it may read, fetched in the background from the real server
// in-process, within the photo budget; bytes only this device has are never dropped for it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { addPhoto } from '../../../src/client/db/photos';
import type { AppDb } from '../../../src/client/db/schema';
import { prefetchThumbnails } from '../../../src/client/sync/blob-prefetch';
import {
  closeOpened,
  harnessDevice,
  harnessAccess,
  harnessFetch,
  harnessServer,
  photoFile,
} from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const ok = { usage: 0, quota: 0, ratio: 0, level: 'ok' as const };

/** A device of `token` whose every GET of photo bytes is logged. */
function device(h: Harness, token: string, extra: { prefetch?: boolean } = {}) {
  const gets: string[] = [];
  const wrapFetch =
    (app: typeof fetch): typeof fetch =>
    async (input, init) => {
      const req = new Request(input, init);
      if (req.method === 'GET' && req.url.includes('/blobs/')) gets.push(req.url.split('/').pop()!);
      return app(req);
    };
  return { ...harnessDevice(h, token, extra, { buffer: true, wrapFetch }), gets };
}

/** `n` photos on a new visit at `siteId`, distinct bytes; returns their rows. */
async function photos(db: AppDb, siteId: string, n: number, from: number) {
  const visit = await createVisit(db, { siteId, date: '2026-05-04' });
  const out = [];
  for (let i = 0; i < n; i++) {
    const w = from + i;
    out.push(
      (
        await addPhoto(
          db,
          { visitId: visit.id, observationId: null },
          photoFile(400 + w, 20_000),
          photoFile(40 + w, 3_000),
        )
      ).photo,
    );
  }
  return out;
}

async function held(db: AppDb, hashes: string[]) {
  return (await db.blobs.bulkGet(hashes)).filter(Boolean).length;
}

describe('thumbnail prefetch after sync', () => {
  it(
    'a second device holds every thumbnail in its scope (not the full images); a QM account of site B gets none of site A',
    { timeout: 30_000 },
    async () => {
      const h = await harnessServer();
      const coordinator = await h.user('coordinator');
      const a = device(h, coordinator.token, { prefetch: false });
      const siteA = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
      const siteB = await createSite(a.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
      const onA = await photos(a.db, siteA.id, 4, 0);
      const onB = await photos(a.db, siteB.id, 3, 10);
      expect((await a.engine.syncNow()).status).toBe('ok');
      await a.engine.uploadNow();
      expect(await a.db.blobState.where('state').equals('uploaded').count()).toBe(14);

      const second = device(h, coordinator.token);
      expect((await second.engine.syncNow()).status).toBe('ok');
      const all = [...onA, ...onB];
      // In the background, without anyone opening a photo.
      await vi.waitFor(
        async () =>
          expect(
            await held(
              second.db,
              all.map((p) => p.thumbSha256),
            ),
          ).toBe(7),
        {
          timeout: 5_000,
        },
      );
      expect(
        await held(
          second.db,
          all.map((p) => p.sha256),
        ),
      ).toBe(0);
      const states = await second.db.blobState.toArray();
      expect(states.every((s) => s.state === 'remote' && s.size! > 0)).toBe(true);

      const qm = await h.user('quartiersmanagement', siteB.id);
      const local = device(h, qm.token);
      expect((await local.engine.syncNow()).status).toBe('ok');
      const r = await local.engine.prefetchNow();
      expect(r?.stoppedBy).toBeNull();
      expect(
        await held(
          local.db,
          onB.map((p) => p.thumbSha256),
        ),
      ).toBe(3);
      expect(
        await held(
          local.db,
          onA.map((p) => p.thumbSha256),
        ),
      ).toBe(0);
      expect(
        await held(
          local.db,
          onA.map((p) => p.sha256),
        ),
      ).toBe(0);
      // It never even asked for site A's bytes.
      const foreign = new Set(onA.flatMap((p) => [p.sha256, p.thumbSha256]));
      expect(local.gets.filter((g) => foreign.has(g))).toEqual([]);
      expect(local.gets.sort()).toEqual(onB.map((p) => p.thumbSha256).sort());
      // A second round has nothing to do.
      const before = local.gets.length;
      await local.engine.prefetchNow();
      expect(local.gets.length).toBe(before);
      for (const d of [a, second, local]) await d.engine.stop();
    },
  );

  it('offline: the round stops at the first failure, keeps what it has, and the next round resumes', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const a = device(h, coordinator.token, { prefetch: false });
    const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
    const rows = await photos(a.db, site.id, 6, 0);
    await a.engine.syncNow();
    await a.engine.uploadNow();

    const b = device(h, coordinator.token, { prefetch: false });
    await b.engine.syncNow();
    let requests = 0;
    const access = {
      baseUrl: 'http://test',
      getToken: () => coordinator.token,
      // The network goes after the first photo's request.
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (++requests > 1) throw new TypeError('fetch failed');
        return harnessFetch(h)(input, init);
      }) as typeof fetch,
    };
    const first = await prefetchThumbnails(b.db, { access, budget: 1e9, pressure: async () => ok });
    expect(first.stoppedBy).toBe('offline');
    expect(first.fetched).toHaveLength(1);
    expect([...first.failed.values()].every((c) => c === 'offline')).toBe(true);
    expect(first.failed.size).toBe(5);
    const access2 = { ...access, fetch: harnessFetch(h) };
    const second = await prefetchThumbnails(b.db, {
      access: access2,
      budget: 1e9,
      pressure: async () => ok,
    });
    expect(second.stoppedBy).toBeNull();
    expect(second.fetched).toHaveLength(5);
    expect(
      await held(
        b.db,
        rows.map((p) => p.thumbSha256),
      ),
    ).toBe(6);
    for (const d of [a, b]) await d.engine.stop();
  });

  it('a nearly full device (from 80 % of its quota) fetches nothing in the background', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const a = device(h, coordinator.token, { prefetch: false });
    const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
    await photos(a.db, site.id, 2, 0);
    await a.engine.syncNow();
    await a.engine.uploadNow();
    const b = device(h, coordinator.token, { prefetch: false });
    await b.engine.syncNow();
    const r = await prefetchThumbnails(b.db, {
      access: harnessAccess(h, coordinator.token),
      pressure: async () => ({ usage: 85, quota: 100, ratio: 0.85, level: 'warn' }),
    });
    expect(r.stoppedBy).toBe('storage');
    expect(await b.db.blobs.count()).toBe(0);
    for (const d of [a, b]) await d.engine.stop();
  });
});
