// Setup shared by the tests of the client engine: devices (a fresh fake-IndexedDB database and the
// real sync engine) against the real server in-process, and what each test opened closed after it.
// A test file registers the cleanup once: `afterEach(closeOpened)`.
import { setBlobMode } from '../../src/client/db/photos';
import type { AppDb } from '../../src/client/db/schema';
import type { BlobAccess } from '../../src/client/sync/blob-download';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from './fake-db';
import { fakeJpeg, sha256 } from './jpeg';
import { type Harness, makeHarness } from './server';
import { type ServerFetch, startServerFetch } from './server-fetch';

type Closable = { close(): void | Promise<void> };
const opened: Closable[] = [];

/** Close `x` after the current test (see closeOpened). */
export function closeAfterTest<T extends Closable>(x: T): T {
  opened.push(x);
  return x;
}

/** Close everything opened since the last call, the last opened first (databases before servers). */
export async function closeOpened(): Promise<void> {
  for (const o of opened.splice(0).reverse()) await o.close();
}

/** The real server app in-process (faults are injected through `server.script` / `server.fault`). */
export async function realServer(): Promise<ServerFetch> {
  return closeAfterTest(await startServerFetch());
}

/** A fetch that hands every request to a Harness's server app. */
export function harnessFetch(h: Harness): typeof fetch {
  return async (input, init) => h.app.request(new Request(input, init));
}

/** The server of `h` as a device's history and photo downloads reach it, signed in with `token`. */
export function harnessAccess(h: Harness, token: string): BlobAccess {
  return { baseUrl: 'http://test', getToken: () => token, fetch: harnessFetch(h) };
}

export type EngineOptions = Parameters<typeof createSyncEngine>[1];

/**
 * A device signed in to `server` (its token is read at each request): `db` (a fresh database
 * unless given) and its sync engine; `extra` replaces any of the defaults.
 */
export function engineDevice(
  server: { token: string; fetch: typeof fetch },
  extra: Partial<EngineOptions> = {},
  db: AppDb = makeTestDb(),
) {
  closeAfterTest(db);
  const engine = createSyncEngine(db, {
    baseUrl: 'http://test',
    getToken: () => server.token,
    fetch: server.fetch,
    appVersion: 't',
    ...extra,
  });
  return { db, engine };
}

/** The server harness in-process (`h.user(role)` makes accounts), closed after the test. */
export async function harnessServer(opts?: Parameters<typeof makeHarness>[0]): Promise<Harness> {
  return closeAfterTest(await makeHarness(opts));
}

/**
 * A device signed in with `token` to the server of `h` (engineDevice over harnessFetch).
 * `buffer` stores photo bytes as plain buffers (for tests that add or fetch photos);
 * `wrapFetch` sees every request before the server does (to log it or to fail it).
 */
export function harnessDevice(
  h: Harness,
  token: string,
  extra: Partial<EngineOptions> = {},
  opts: { buffer?: boolean; wrapFetch?: (app: typeof fetch) => typeof fetch } = {},
) {
  const db = makeTestDb();
  if (opts.buffer) setBlobMode(db, 'buffer');
  const app = harnessFetch(h);
  return engineDevice({ token, fetch: opts.wrapFetch ? opts.wrapFetch(app) : app }, extra, db);
}

/** A new account with `role` and its device on the server of `h`; `sync` runs the engine once. */
export async function accountDevice(h: Harness, role: 'member' | 'coordinator') {
  const { db, engine } = harnessDevice(h, (await h.user(role)).token);
  return { db, sync: () => engine.syncNow() };
}

/**
 * A second database holding exactly the rows of `from`, every table (outbox, meta and the device
 * id included): a copied browser profile. Not closed after the test unless a device uses it.
 */
export async function copyOfDb(from: AppDb): Promise<AppDb> {
  const to = makeTestDb();
  await to.open();
  const rows = await Promise.all(
    from.tables.map(async (t) => [t.name, await t.toArray()] as const),
  );
  await to.transaction('rw', to.tables, async () => {
    for (const [name, all] of rows) await to.table(name).bulkPut(all);
  });
  return to;
}

/** Photo bytes stored on the device and not yet uploaded (state 'local'); returns their hash. */
export async function putLocalBytes(db: AppDb, bytes: Uint8Array, sha = sha256(bytes)) {
  await db.blobs.put({
    sha256: sha,
    data: { buf: bytes.slice().buffer, type: 'image/jpeg' },
    size: bytes.byteLength,
  });
  await db.blobState.put({ sha256: sha, state: 'local', lastAccess: 0 });
  return sha;
}

/** A photo file as addPhoto takes it: a JPEG the server accepts (`width` × 90), with its hash. */
export function photoFile(width: number, padding: number) {
  const bytes = fakeJpeg(width, 90, padding);
  return {
    sha256: sha256(bytes),
    blob: new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }),
    width,
    height: 90,
  };
}
