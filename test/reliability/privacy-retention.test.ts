// Privacy lifecycle on the server: photos with Exif/XMP are refused (clients re-encode, so only an
// unprocessed camera file carries them), server storage holds no GPS or device serials, and a
// deleted visit is purged after RETENTION_DAYS — content, photo files, and on every device.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applySyncResponse } from '../../src/client/db/sync-apply';
import { runCli } from '../../src/server/cli';
import { makeTestDb } from '../support/fake-db';
import { purgeExpired, retentionDays } from '../../src/server/retention';
import { exifApp1, fakeJpeg, sha256, spliceAfterSoi } from '../support/jpeg';
import {
  type Harness,
  followUpFields,
  makeDevice,
  makeHarness,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../support/server';
import { scanPhoto, scanStorage } from './support/privacy-scan';
import { FsPhotoStorage } from '../../src/server/blobs/fs-photo-storage';

let h: Harness;
afterEach(() => h.close());
const DAY = 86_400_000;

/** A whole upload: the PATCH's answer, or the creation's when that was refused. */
async function upload(token: string, bytes: Uint8Array) {
  const created = await h.createUpload(token, bytes.length, sha256(bytes));
  if (created.status !== 201) return created;
  return h.patchUpload(token, created.headers.get('location')!, bytes);
}
const withGps = (n: number) =>
  spliceAfterSoi(fakeJpeg(320 + n, 240), exifApp1({ orientation: 1, lat: 50.1109, lng: 8.6821 }));
const xmp = (bytes: Buffer) => {
  const payload = Buffer.concat([
    Buffer.from('http://ns.adobe.com/xap/1.0/\0'),
    Buffer.from('<x:xmpmeta><exif:GPSLatitude>50,6.6N</exif:GPSLatitude></x:xmpmeta>'),
  ]);
  return spliceAfterSoi(
    bytes,
    Buffer.concat([
      Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 255]),
      payload,
    ]),
  );
};

describe('photo metadata never reaches server storage', () => {
  it('refuses Exif (GPS) and XMP segments, also one hidden after the scan, with 415 metadata_present', async () => {
    h = await makeHarness();
    const { token } = await h.user('member');
    const clean = fakeJpeg(400, 300);
    const afterScan = Buffer.concat([
      clean.subarray(0, clean.length - 2),
      exifApp1({ orientation: 1, lat: 1, lng: 1 }),
      Buffer.from([0xff, 0xd9]),
    ]);
    for (const bad of [withGps(0), xmp(fakeJpeg(401, 300)), afterScan]) {
      const res = await upload(token, bad);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'metadata_present' });
    }
    expect((await upload(token, clean)).status).toBe(204);
  });

  it('a scan of DATA_DIR/photos and the SQLite file finds no GPS, serial or Exif/XMP after mixed uploads', async () => {
    h = await makeHarness();
    const { token } = await h.user('member');
    // The scanner itself can fail: it flags the GPS fixture.
    expect((await scanPhoto('fixture', withGps(1))).map((f) => f.reason)).toEqual(
      expect.arrayContaining(['Exif/XMP APP1 segment', 'GPS position']),
    );
    for (let n = 0; n < 6; n++) {
      await upload(token, withGps(n));
      await upload(token, xmp(fakeJpeg(500 + n, 300)));
      expect((await upload(token, fakeJpeg(600 + n, 300))).status).toBe(204);
    }
    const scan = await scanStorage(join(h.dir, 'photos'), h.dbFile);
    expect(scan.photos).toBe(6);
    expect(scan.findings).toEqual([]);
  });
});

describe('retention purge of deleted visits', () => {
  async function world() {
    let now = Date.now();
    h = await makeHarness({ clock: () => new Date(now) });
    const author = await h.user('coordinator');
    const other = await h.user('member');
    const a = makeDevice(h, author.token);
    const b = makeDevice(h, other.token);
    const secret = `GEHEIM-${uuidv7()}`;
    const photo = fakeJpeg(700, 500);
    expect((await upload(author.token, photo)).status).toBe(204);
    const site = siteFields();
    const visit = visitFields(site.id);
    const obs = { ...observationFields(visit.id), text: secret };
    const pic = {
      ...photoFields(visit.id, sha256(photo)),
      thumbSha256: sha256(photo),
      caption: secret,
    };
    const follow = { ...followUpFields(visit.id, site.id), description: secret };
    const res = await a.sync([
      a.mutation('site', site.id, 'create', site),
      a.mutation('visit', visit.id, 'create', { ...visit, notes: secret }),
      a.mutation('observation', obs.id, 'create', obs),
      a.mutation('photo', pic.id, 'create', pic),
      a.mutation('followUp', follow.id, 'create', follow),
    ]);
    expect(res.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    await b.sync();
    expect((await a.sync([a.mutation('visit', visit.id, 'delete')])).results[0]!.status).toBe(
      'applied',
    );
    const ids = [visit.id, obs.id, pic.id, follow.id];
    return {
      a,
      b,
      author,
      visit,
      ids,
      secret,
      photoPath: (h.app.blobs.storage as FsPhotoStorage).pathFor(sha256(photo)),
      advance: async (ms: number) => {
        now += ms; // tokens last 30 days: sign in again, as the people would
        a.token = author.token = await h.login(author.email);
        b.token = await h.login(other.email);
      },
      now: () => new Date(now),
    };
  }
  const fileHas = (secret: string) =>
    [h.dbFile, `${h.dbFile}-wal`].some((f) => {
      try {
        return readFileSync(f).includes(secret);
      } catch {
        return false;
      }
    });

  it('keeps a deleted visit for RETENTION_DAYS, then clears its rows, deletes its photo file, and every device drops the rows', async () => {
    const w = await world();
    await w.advance(29 * DAY);
    expect(await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30)).toEqual({
      visits: 0,
      rows: 0,
      photoFiles: 0,
    });
    expect(readFileSync(w.photoPath).length).toBeGreaterThan(0);
    expect(fileHas(w.secret)).toBe(true); // the byte scan below can fail
    await w.advance(2 * DAY);
    expect(await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30)).toEqual({
      visits: 1,
      rows: 4,
      photoFiles: 1,
    });
    expect(() => readFileSync(w.photoPath)).toThrow();
    expect(fileHas(w.secret)).toBe(false);
    // The purge travels to the device that had pulled the visit: each row arrives deleted with row = null.
    const pulled = await w.b.sync();
    const purged = pulled.changes.filter((c) => w.ids.includes(c.entityId));
    expect(purged.map((c) => c.entityId).sort()).toEqual([...w.ids].sort());
    expect(purged.every((c) => c.deleted && c.row === null)).toBe(true);
    expect(JSON.stringify(pulled)).not.toContain(w.secret);
    // The blob is gone for everyone; a second purge finds nothing.
    expect(
      (
        await h.req(`/api/v1/blobs/${w.photoPath.split('/').pop()}`, {
          method: 'HEAD',
          token: w.author.token,
        })
      ).status,
    ).toBe(404);
    expect((await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30)).visits).toBe(0);
    expect(await h.db.maintenance.checkInvariants()).toMatchObject({
      seqHoles: [],
      liveChildrenOfDeletedVisits: [],
      seqAboveCounter: 0,
    });
  });

  it('keeps a photo file that a live visit still references', async () => {
    const w = await world();
    const sha = w.photoPath.split('/').pop()!;
    const live = visitFields(siteFields().id);
    const site = { ...siteFields(live.siteId) };
    const again = { ...photoFields(live.id, sha), thumbSha256: sha };
    await w.a.sync([
      w.a.mutation('site', site.id, 'create', site),
      w.a.mutation('visit', live.id, 'create', live),
      w.a.mutation('photo', again.id, 'create', again),
    ]);
    await w.advance(31 * DAY);
    expect(await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30)).toEqual({
      visits: 1,
      rows: 4,
      photoFiles: 0,
    });
    expect(readFileSync(w.photoPath).length).toBeGreaterThan(0);
    expect(
      (await h.req(`/api/v1/blobs/${sha}`, { method: 'HEAD', token: w.author.token })).status,
    ).toBe(200);
  });

  it("the client's sync apply removes the purged rows from the device's IndexedDB", async () => {
    const w = await world();
    const local = makeTestDb();
    w.b.cursor = null;
    await applySyncResponse(local, await w.b.sync(), w.b.clientId);
    expect(await local.observations.get(w.ids[1]!)).toMatchObject({ _deleted: 1, text: w.secret });
    await w.advance(31 * DAY);
    await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30);
    await applySyncResponse(local, await w.b.sync(), w.b.clientId);
    expect(await local.visits.get(w.ids[0]!)).toBeUndefined();
    expect(await local.observations.get(w.ids[1]!)).toBeUndefined();
    expect(await local.photos.get(w.ids[2]!)).toBeUndefined();
    expect(await local.followUps.get(w.ids[3]!)).toBeUndefined();
    local.close();
  });

  it('after the purge, restoring the visit, editing a child or adding one is rejected, never a 500', async () => {
    const w = await world();
    await w.advance(31 * DAY);
    await purgeExpired(h.db, h.app.blobs.storage, w.now(), 30);
    const o = observationFields(w.visit.id);
    const res = await w.a.sync([
      w.a.mutation('visit', w.visit.id, 'restore'),
      w.a.mutation('observation', w.ids[1]!, 'patch', { text: 'neu' }),
      w.a.mutation('observation', o.id, 'create', o),
    ]);
    expect(res.results.map((r) => r.error?.code)).toEqual(['purged', 'purged', 'parent_missing']);
    expect(fileHas(w.secret)).toBe(false);
  });

  it('a restored visit is not purged; the admin CLI purges with --days, RETENTION_DAYS defaults to 30', async () => {
    const w = await world();
    await w.a.sync([w.a.mutation('visit', w.visit.id, 'restore')]);
    expect(
      (await purgeExpired(h.db, h.app.blobs.storage, new Date(w.now().getTime() + 60 * DAY), 30))
        .visits,
    ).toBe(0);
    await w.a.sync([w.a.mutation('visit', w.visit.id, 'delete')]);
    const deleted = Date.now();
    await vi.waitUntil(() => Date.now() > deleted, { interval: 1 }); // the CLI's "now" lies after the delete
    const out: string[] = [];
    await runCli(['purge', '--days', '0'], h.dbFile, (l) => out.push(l));
    expect(out.join('\n')).toContain('purged 1 visit(s)');
    expect(retentionDays({})).toBe(30);
    expect(retentionDays({ RETENTION_DAYS: '7' })).toBe(7);
    expect(() => retentionDays({ RETENTION_DAYS: 'bald' })).toThrow(/RETENTION_DAYS/);
  });
});
