// The real server (src/server/app.ts on a SQLite file, in-process) behind a `fetch` a device's sync
// engine can use, with fault injection where a test needs an answer the real server would not
// give on its own (a dropped connection, 5xx, 401, 413, 426, a scripted reset).
import { copyFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SyncRequest } from '../../src/shared/protocol';
import { type SimServer, startSimServer } from './server';
import { syncRequestJson } from './sync-body';

/** Answers a sync request itself (or throws, like a dropped connection); null = the server answers. */
export type SyncScript = (req: SyncRequest, n: number) => Response | null;

/** One HTTP call as the adapter saw it (`offset`: the Upload-Offset header). */
export type Call = { method: string; url: string; offset?: string; bytes: number; status?: number };
/** 'drop': the connection fails before the server sees the call; 'drop-after': the server handled it, the answer is lost. */
export type Fault = 'drop' | 'drop-after' | null;

export type ServerFetch = SimServer & {
  /** A fetch for the engine: every request goes to the server app, sync requests through `script`. */
  fetch: typeof fetch;
  /** Every call, in order, with the status the server answered. */
  calls: Call[];
  /** Network faults for any call. */
  fault: ((call: Call, n: number) => Fault) | null;
  /** Every sync request body, in order (also those `script` answered). */
  requests: SyncRequest[];
  script: SyncScript | null;
  /** Conflict records the server holds. */
  conflicts(): { id: string; field: string | null }[];
  /** The highest clientSeq the server applied per client. */
  lastClientSeqs(): number[];
  /**
   * Restore the server from a backup taken after its devices first contacted it and before any
   * of their writes: no rows, and every known client's last applied clientSeq back to 0.
   */
  loseHistory(): Promise<void>;
};

const SYNC_PATH = '/api/v1/sync';

export async function startServerFetch(): Promise<ServerFetch> {
  const server = await startSimServer();
  let snapshot = '';
  let closed = false;
  await server.restart((file) => {
    snapshot = `${file}.empty`;
    copyFileSync(file, snapshot);
  });
  const s: ServerFetch = {
    ...server,
    calls: [],
    fault: null,
    requests: [],
    script: null,
    async fetch(input, init) {
      const req = new Request(input as RequestInfo, init);
      const call: Call = {
        method: req.method,
        url: new URL(req.url).pathname,
        offset: req.headers.get('upload-offset') ?? undefined,
        bytes: Number(
          req.headers.get('content-length') ??
            (init?.body as Uint8Array | undefined)?.byteLength ??
            0,
        ),
      };
      s.calls.push(call);
      const fault = s.fault?.(call, s.calls.length);
      // A closed server is a server that is down (an engine may still be running when a test ends).
      if (fault === 'drop' || closed) throw new TypeError('fetch failed');
      if (req.method === 'POST' && call.url === SYNC_PATH) {
        const body = SyncRequest.parse(await syncRequestJson(req));
        s.requests.push(body);
        const scripted = s.script?.(body, s.requests.length);
        if (scripted) return scripted;
      }
      const res = await server.handle(req);
      call.status = res.status;
      if (fault === 'drop-after') throw new TypeError('connection reset');
      return res;
    },
    async close() {
      closed = true;
      await server.close();
    },
    conflicts: () => server.query('SELECT id, field FROM conflicts ORDER BY seq'),
    lastClientSeqs: () =>
      server.query<{ n: number }>('SELECT last_client_seq AS n FROM clients').map((r) => r.n),
    loseHistory() {
      return server.restart((file) => {
        const clients = server.query<Record<string, unknown>>('SELECT * FROM clients');
        for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        copyFileSync(snapshot, file);
        const db = new Database(file);
        try {
          for (const c of clients) {
            const cols = Object.keys(c);
            db.prepare(
              `INSERT INTO clients (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})`,
            ).run({ ...c, last_client_seq: 0, outbox_high_water: 0 });
          }
        } finally {
          db.close();
        }
      });
    },
  };
  return s;
}
