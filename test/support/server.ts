// The server in-process: the real app on a real SQLite FILE in a temp dir, no port. Two entry
// points on the same app set-up (appOn):
// - makeHarness: a fresh server driven through app.request(), with helpers to sign in as each
//   role, tus upload requests, a raw sync device (its own clientId, clientSeq and cursor), valid
//   row fields (./rows.ts) and reads of its store (each in its own snapshot). With
//   SB_TEST_STORE=postgres (the server-pg project) it runs on a fresh PostgreSQL database
//   instead; a test that reaches for the SQLite file (dbFile) is skipped there, saying so;
// - startSimServer: restartable (close + reopen the same file, optionally swapping the file), one
//   signed-in coordinator copied from a template file, a fetch-style handler for the real sync
//   engine and read-only SQL for oracles.
// - listen: an in-process app on a real port (@hono/node-server, as main.ts serves it), for
//   requests that must go over a socket.
// For the server as a separate process see ./server-process.ts.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, type TestContext } from 'vitest';
import { TUS_VERSION, UPLOADS_URL } from '../../src/shared/blobs';
import type { EntityName, Role } from '../../src/shared/domain/schemas';
import type { Mutation, SyncRequest, SyncResponse } from '../../src/shared/protocol';
import { type AppLimits, createApp } from '../../src/server/app';
import { openServerDb, type ServerDb, type StoreTx } from '../../src/server/store/store';
import { syncDevice } from './devices';
import { siteFields, visitFields } from './rows';
import { storeFromEnv } from './store-under-test';

export const PASSWORD = 'correct horse battery';

type AppOptions = {
  limits?: AppLimits;
  clock?: () => Date;
  trustProxy?: boolean;
  tokenMaxAgeMs?: number;
  /** Photo bytes one account may store (the app's default when unset). */
  photoQuotaBytes?: number;
  /**
   * Keep the four version-1 checklist templates migration 10 seeds (docs/architecture.md
   * §Templates). Off by default: the tests that count, page or compare pulled rows see only
   * their own; tests of templates turn it on.
   */
  shippedTemplates?: boolean;
};

/** The seeded template rows (see AppOptions.shippedTemplates), in SQL both stores understand. */
const DROP_SHIPPED_TEMPLATES =
  "DELETE FROM records WHERE entity = 'checklistTemplate' AND created_by IS NULL";

/** Deletes the seeded template rows from a server file. */
function dropShippedTemplates(file: string): void {
  const raw = new Database(file);
  try {
    raw.exec(DROP_SHIPPED_TEMPLATES);
  } finally {
    raw.close();
  }
}

/** The store makeHarness opens: SQLite, or PostgreSQL with SB_TEST_STORE=postgres. */
const harnessStore = storeFromEnv();

/** The running test, so a harness on PostgreSQL can skip a test that is about the SQLite file. */
let currentTest: TestContext | null = null;
if (harnessStore.kind === 'postgres')
  beforeEach((context) => {
    currentTest = context;
  });

/** Skips the running test: what it checks exists on SQLite only. */
function sqliteOnly(what: string): never {
  const note = `SQLite only: ${what}; this server runs on PostgreSQL`;
  currentTest?.skip(note);
  throw new Error(note);
}

/** The real app on `db`, its photos under `dir`, no built client; rate limits off unless a test sets them. */
function appOn(db: ServerDb, dir: string, opts: AppOptions = {}) {
  return createApp({
    db,
    photosDir: join(dir, 'photos'),
    distDir: join(dir, 'dist'),
    clock: opts.clock,
    trustProxy: opts.trustProxy,
    tokenMaxAgeMs: opts.tokenMaxAgeMs,
    photoQuotaBytes: opts.photoQuotaBytes,
    limits: { sync: null, login: null, ...opts.limits },
  });
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>;

export async function makeHarness(opts: AppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-server-'));
  const store = await harnessStore.open();
  const db = store.db;
  if (!opts.shippedTemplates) await store.sql(DROP_SHIPPED_TEMPLATES);
  const app = appOn(db, dir, opts);

  async function req(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return app.request(path, { ...init, headers, body });
  }

  async function login(email: string, password = PASSWORD): Promise<string> {
    const res = await req('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  async function user(
    role: Role,
    siteId: string | null = null,
    email = `${role}-${uuidv7()}@example.org`,
  ) {
    const { user } = await app.accounts.createUser({
      email,
      name: `${role} user`,
      role,
      siteId,
      password: PASSWORD,
    });
    return { ...user, token: await login(email) };
  }

  /** tus creation (POST /api/v1/uploads) of `length` bytes declared as `sha256`, plus more metadata. */
  function createUpload(
    token: string,
    length: number,
    sha256: string,
    meta: Record<string, string> = {},
  ) {
    const metadata = Object.entries({ sha256, ...meta })
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
    return req(UPLOADS_URL, {
      method: 'POST',
      token,
      headers: {
        'Tus-Resumable': TUS_VERSION,
        'Upload-Length': String(length),
        'Upload-Metadata': metadata,
      },
    });
  }

  /** One tus PATCH of `body` at `offset` of the upload at `location`. */
  function patchUpload(
    token: string,
    location: string,
    body: Uint8Array | ReadableStream,
    offset = 0,
  ) {
    return req(location, {
      method: 'PATCH',
      token,
      body: body as BodyInit,
      duplex: 'half',
      headers: {
        'Tus-Resumable': TUS_VERSION,
        'Content-Type': 'application/offset+octet-stream',
        'Upload-Offset': String(offset),
      },
    } as RequestInit);
  }

  return {
    dir,
    /** The SQLite file; on PostgreSQL the test skips (it checks something of SQLite's own). */
    get dbFile(): string {
      return store.file ?? sqliteOnly('the test reads or reopens the SQLite file');
    },
    db,
    app,
    req,
    login,
    user,
    createUpload,
    patchUpload,
    /** Runs fn in a read snapshot of the server's store (what a test checks after a request). */
    read: <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => db.readTx(fn),
    /** Runs fn in a write transaction of the server's store (rows written behind the API's back). */
    write: <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => db.writeTx(fn),
    /** The stored record (null: none), read in its own snapshot. */
    record: (entity: EntityName, id: string) => db.readTx((tx) => tx.sync.record(entity, id)),
    /** Closes the store, deletes its data (file or database) and the folder. */
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw device on the in-process server (see ./devices.ts): its own clientId, clientSeq counter and cursor. */
export function makeDevice(h: Harness, token: string) {
  const device = Object.assign(syncDevice(), {
    token,
    async post(body: unknown) {
      return h.req('/api/v1/sync', { method: 'POST', token: device.token, json: body });
    },
    /** Pushes and pulls; advances the cursor. Throws on a non-200. */
    async sync(
      mutations: Mutation[] = [],
      extra: Partial<SyncRequest> = {},
    ): Promise<SyncResponse> {
      const res = await device.post(device.request(mutations, extra));
      if (res.status !== 200) throw new Error(`sync ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as SyncResponse;
      device.cursor = body.cursor;
      return body;
    },
  });
  return device;
}
export type Device = ReturnType<typeof makeDevice>;

export {
  checklistFields,
  followUpFields,
  observationFields,
  offerFields,
  photoFields,
  ratingFields,
  siteFields,
  sponsorshipFields,
  visitFields,
} from './rows';

/** Each result of a sync: its status, or its rejection code. */
export const codes = (res: SyncResponse) =>
  res.results.map((r) => (r.status === 'rejected' ? r.error!.code : r.status));

/** Pushes one mutation through `d`; its status, or its rejection code and path (`code@path`). */
export async function outcome(d: Device, m: Mutation): Promise<string> {
  const r = (await d.sync([m])).results[0]!;
  if (r.status !== 'rejected') return r.status;
  return r.error?.path ? `${r.error.code}@${r.error.path}` : r.error!.code;
}

/** Creates a new site and a visit on it through `d` in one sync; returns their fields. */
export async function seedVisit(d: Device) {
  const site = siteFields(),
    visit = visitFields(site.id);
  await d.sync([
    d.mutation('site', site.id, 'create', site),
    d.mutation('visit', visit.id, 'create', visit),
  ]);
  return { site, visit };
}

/**
 * Two people on one visit: a coordinator's device `a` seeds a site and a visit on it, a member's
 * device `b` has pulled them.
 */
export async function twoPeopleOnVisit(h: Harness) {
  const coord = await h.user('coordinator');
  const member = await h.user('member');
  const a = makeDevice(h, coord.token);
  const b = makeDevice(h, member.token);
  const { site, visit } = await seedVisit(a);
  await b.sync();
  return { coord, member, a, b, site, visit };
}

// ── the restartable server of the simulation and the engine tests ──────────────────────────
// Accounts are created once in a template file and copied per run: scrypt per run would cost more
// than the whole simulation step budget. Files live in RAM where there is /dev/shm.
let simRoot: string | null = null;
const root = () =>
  (simRoot ??= mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sim-')));
let template: Promise<{ file: string; token: string }> | null = null;
/**
 * The clock a sim server's file continues its seq from at each open (restore-marker.ts): one
 * second further per open, so a seed replays with the same seqs, and far more than a run writes.
 */
const SIM_EPOCH = Date.UTC(2026, 0, 1);
const simClock = () => {
  let opens = 0;
  return () => SIM_EPOCH + ++opens * 1000;
};

async function makeTemplate(): Promise<{ file: string; token: string }> {
  const file = join(root(), 'template.sqlite');
  const db = openServerDb(file, () => SIM_EPOCH);
  const app = appOn(db, join(root(), 'template'));
  await app.accounts.createUser({
    email: 'sim@example.org',
    name: 'Sim',
    role: 'coordinator',
    siteId: null,
    password: 'simulation-password',
  });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'sim@example.org', password: 'simulation-password' }),
  });
  const { token } = (await res.json()) as { token: string };
  await db.close();
  return { file, token };
}

export type SimServer = {
  token: string;
  handle(req: Request): Promise<Response>;
  /** Close and reopen the server file; `whileClosed` may replace the file (a restored backup). */
  restart(whileClosed?: (file: string) => void): Promise<void>;
  /** `admin backup` of the running server into a new file (marked as a backup, as the CLI makes it). */
  backup(): Promise<string>;
  /** An operator's restore: stop, put the backup file in place of the server file, start again. */
  restoreBackup(backupFile: string): Promise<void>;
  /**
   * A copy of the live database file taken behind the server's back (a VM snapshot, a copied
   * file): no `admin backup` mark. Put it back with restoreBackup.
   */
  snapshot(): string;
  /** Read-only SQL on the server file (oracle). */
  query<T>(sql: string, ...params: unknown[]): T[];
  close(): Promise<void>;
};

let runNo = 0;
let backupNo = 0;
export async function startSimServer(
  opts: Pick<AppOptions, 'shippedTemplates'> = {},
): Promise<SimServer> {
  template ??= makeTemplate();
  const t = await template;
  const dir = join(root(), `run-${++runNo}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.sqlite');
  copyFileSync(t.file, file);
  if (!opts.shippedTemplates) dropShippedTemplates(file);
  const clock = simClock();
  let db: ServerDb = openServerDb(file, clock);
  const make = () => appOn(db, dir);
  let app = make();
  // Requests that arrive while the server restarts wait for the reopened one (closing the
  // database awaits its queued transactions, so a restart is no longer a single step).
  let restarted: Promise<void> = Promise.resolve();
  const restart = (whileClosed?: (file: string) => void) =>
    (restarted = restarted
      .catch(() => undefined)
      .then(async () => {
        await db.close();
        whileClosed?.(file);
        db = openServerDb(file, clock);
        app = make();
      }));
  return {
    token: t.token,
    handle: async (req) => {
      await restarted;
      return app.fetch(req);
    },
    restart,
    async backup() {
      const to = join(dir, `backup-${++backupNo}.sqlite`);
      await db.maintenance.backup(to);
      return to;
    },
    snapshot() {
      const to = join(dir, `snapshot-${++backupNo}.sqlite`);
      const ro = new Database(file, { readonly: true });
      try {
        ro.exec(`VACUUM INTO '${to}'`);
      } finally {
        ro.close();
      }
      return to;
    },
    restoreBackup(backupFile) {
      return restart((file) => {
        for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        copyFileSync(backupFile, file);
      });
    },
    query<T>(sql: string, ...params: unknown[]): T[] {
      const ro = new Database(file, { readonly: true });
      try {
        return ro.prepare(sql).all(...params) as T[];
      } finally {
        ro.close();
      }
    },
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serves `fetchFn` (for example a harness's app.fetch) on a free port of 127.0.0.1. */
export async function listen(
  fetchFn: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  return new Promise((ok) => {
    const server = serve(
      { fetch: fetchFn, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) => {
        ok({
          url: `http://127.0.0.1:${info.port}`,
          port: info.port,
          close: () =>
            new Promise((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
  });
}
