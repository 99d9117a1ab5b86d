// "Für den Besuch vorbereiten" for a site (docs/architecture.md §Photos step 9): every image and
// thumbnail of all its visits comes onto the device and is kept from automatic eviction; other
// sites' photos are not fetched; offline, what is missing is named with its reason.
import { afterEach, describe, expect, it } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { addPhoto } from '../../../src/client/db/photos';
import { makeRoom } from '../../../src/client/db/sync-blobs';
import { PREPARED_KEEP_MS, prepareOffline } from '../../../src/client/sync/prepare-offline';
import type { Photo } from '../../../src/shared/domain/schemas';
import {
  closeOpened,
  harnessDevice,
  harnessAccess,
  harnessServer,
  photoFile,
} from '../../support/client-engine';

afterEach(closeOpened);

describe('prepare a site for offline work', () => {
  it(
    'fetches every photo of all its visits, keeps them, and names what is missing offline',
    { timeout: 30_000 },
    async () => {
      const h = await harnessServer();
      const { token } = await h.user('coordinator');
      const device = () => harnessDevice(h, token, { prefetch: false }, { buffer: true });
      const a = device();
      const here = await createSite(a.db, { municipality: 'Marburg', quarter: 'Richtsberg' });
      const there = await createSite(a.db, { municipality: 'Wetzlar', quarter: 'Dalheim' });
      const photos: Photo[] = [];
      for (const [i, siteId] of [here.id, here.id, there.id].entries()) {
        const visit = await createVisit(a.db, { siteId, date: `2026-0${i + 3}-01` });
        const input = { visitId: visit.id, observationId: null, caption: `Platz ${i}` };
        photos.push(
          (await addPhoto(a.db, input, photoFile(500 + i, 9_000), photoFile(50 + i, 1_000))).photo,
        );
      }
      await a.engine.syncNow();
      await a.engine.uploadNow();

      const b = device();
      await b.engine.syncNow();
      const access = harnessAccess(h, token);
      const now = Date.now();
      const progress: number[] = [];
      const r = await prepareOffline(
        b.db,
        { siteId: here.id },
        { access, now, onProgress: (d) => progress.push(d) },
      );
      expect(r).toMatchObject({ photos: 2, missing: [] });
      expect(progress.at(-1)).toBe(4);
      const hashes = (ps: typeof photos) => ps.flatMap((p) => [p.sha256, p.thumbSha256]);
      const states = await b.db.blobState.bulkGet(hashes(photos.slice(0, 2)));
      expect(
        states.every((s) => s?.state === 'remote' && s.keepUntil === now + PREPARED_KEEP_MS),
      ).toBe(true);
      expect(await b.db.blobs.bulkGet(hashes(photos.slice(2)))).toEqual([undefined, undefined]);
      // Automatic eviction leaves prepared bytes alone, even with a budget of nothing.
      expect(await makeRoom(b.db, 1, 0)).toBe(false);
      expect((await b.db.blobs.bulkGet(hashes(photos.slice(0, 2)))).every(Boolean)).toBe(true);

      const offline = {
        ...access,
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      };
      const o = await prepareOffline(b.db, { siteId: there.id }, { access: offline });
      expect(o.missing).toEqual([
        {
          photoId: photos[2]!.id,
          caption: 'Platz 2',
          visitId: photos[2]!.visitId,
          reason: 'offline',
        },
      ]);
      for (const d of [a, b]) await d.engine.stop();
    },
  );
});
