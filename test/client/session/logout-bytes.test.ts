// Logout × photo bytes (docs/architecture.md §Device safety, §Photos step 5): a photo whose record
// reached the server but whose bytes did not still waits. The one query "what waits for the server"
// (waitingForServer) says so, the logout guard refuses, the header does not say "Synchronisiert um …".
import { afterEach, describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { addPhoto, setBlobMode } from '../../../src/client/db/photos';
import { AppDb } from '../../../src/client/db/schema';
import {
  syncSummary,
  visitSyncSummary,
  waitingForServer,
} from '../../../src/client/db/sync-queries';
import { indicatorKind, indicatorText } from '../../../src/client/sync/indicator-state';
import { LogoutBlockedError, assertCanLogout, logout } from '../../../src/client/session/logout';
import { saveSession } from '../../../src/client/session/store';
import { setLang } from '../../../src/client/i18n';
import { UPLOADS_URL } from '../../../src/shared/blobs';
import { IDBFactory } from '../../support/fake-db';
import {
  closeAfterTest,
  closeOpened,
  engineDevice,
  photoFile,
  realServer,
} from '../../support/client-engine';
import { markAllSynced } from '../backup/seed';
import { memoryStorage, sessionFor } from './fixtures';

afterEach(closeOpened);

const jpeg = (width: number) => photoFile(width, 3_000);

async function withPhoto(db: AppDb, n = 1) {
  setBlobMode(db, 'buffer');
  const site = await createSite(db, { municipality: 'Gießen', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  for (let i = 0; i < n; i++)
    await addPhoto(db, { visitId: visit.id, observationId: null }, jpeg(200 + i), jpeg(20 + i));
  return visit;
}

function header(s: Awaited<ReturnType<typeof syncSummary>>) {
  const kind = indicatorKind({
    summary: s,
    needsReauth: false,
    updateRequired: false,
    running: false,
    online: true,
  });
  return { kind, text: indicatorText(s, kind, Date.now()) };
}

describe('waitingForServer: outbox entries and unverified photo bytes', () => {
  it('counts a synced photo whose bytes are still local; zero once the server verified them', async () => {
    const factory = new IDBFactory();
    const db = new AppDb('w', { indexedDB: factory, IDBKeyRange });
    closeAfterTest(db);
    const visit = await withPhoto(db, 2);
    await markAllSynced(db); // rows synced, outbox empty …
    await db.outbox.clear();
    await db.blobState.toCollection().modify({ state: 'local' }); // … bytes not verified
    expect(await waitingForServer(db)).toEqual({ changes: 0, photos: 2 });
    expect(await waitingForServer(db, visit.id)).toEqual({ changes: 0, photos: 2 });
    expect((await visitSyncSummary(db, visit.id)).photosWaiting).toBe(2);
    await db.blobState.toCollection().modify({ state: 'uploaded' });
    expect(await waitingForServer(db)).toEqual({ changes: 0, photos: 0 });
    await assertCanLogout(db);
  });

  it('the logout guard refuses while bytes wait, naming them; nothing deleted, nothing revoked', async () => {
    const factory = new IDBFactory();
    const storage = memoryStorage();
    const calls: string[] = [];
    const d = {
      storage,
      openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
      api: {
        fetch: (async (url: string) => {
          calls.push(url);
          return new Response(null, { status: 204 });
        }) as unknown as typeof fetch,
      },
    };
    const s = sessionFor('u1');
    await saveSession(s, d);
    const db = d.openDb('standortbesuch-u1');
    await withPhoto(db);
    await db.transaction('rw', [db.outbox, db.meta], () => db.outbox.clear());
    db.close();
    const err = await logout('u1', s.token, d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LogoutBlockedError);
    expect(err).toMatchObject({ waiting: 0, photos: 1 });
    expect(calls).toEqual([]);
    expect((await factory.databases()).map((x) => x.name)).toContain('standortbesuch-u1');
  });
});

describe('engine against the real server: the record syncs, its bytes fail (500 on every request carrying them)', () => {
  it('logout is refused and the header is not "Synchronisiert um …"', async () => {
    setLang('de');
    const server = await realServer();
    // The upload's bytes go with its POST (creation-with-upload) and its PATCHes.
    const carriesBytes = (input: RequestInfo | URL, init?: RequestInit) =>
      init?.method === 'PATCH' || (init?.method === 'POST' && String(input).includes(UPLOADS_URL));
    const failPatch = (async (input: RequestInfo | URL, init?: RequestInit) =>
      carriesBytes(input, init)
        ? new Response('boom', { status: 500 })
        : server.fetch(input, init)) as typeof fetch;
    const factory = new IDBFactory();
    const db = new AppDb('e', { indexedDB: factory, IDBKeyRange });
    const { engine } = engineDevice(server, { fetch: failPatch }, db);
    await withPhoto(db);
    expect((await engine.syncNow()).status).toBe('ok');
    await engine.uploadNow();
    expect(await db.outbox.count()).toBe(0); // every record reached the server
    expect(await waitingForServer(db)).toMatchObject({ changes: 0, photos: 1 });
    await expect(assertCanLogout(db)).rejects.toMatchObject({ photos: 1 });
    const h = header(await syncSummary(db));
    expect(h.kind).toBe('waiting');
    expect(h.text).not.toMatch(/Synchronisiert um/);
    expect(h.text).toContain('1 Foto noch nicht hochgeladen');
    engine.stop();
  });
});
