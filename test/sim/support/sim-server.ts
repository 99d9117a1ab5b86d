// The REAL server app in-process on a SQLite file, restartable (close + reopen the same file).
// Accounts are created once in a template file and copied per run: scrypt per run would cost more
// than the whole simulation step budget.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../../src/server/app';
import { openServerDb, type ServerDb } from '../../../src/server/store/store';

const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'sim-'));
let template: Promise<{ file: string; token: string }> | null = null;

async function makeTemplate(): Promise<{ file: string; token: string }> {
  const file = join(root, 'template.sqlite');
  const db = openServerDb(file);
  const app = createApp({ db, photosDir: join(root, 'photos-template'), distDir: root, limits: { sync: null, login: null } });
  await app.accounts.createUser({ email: 'sim@example.org', name: 'Sim', role: 'coordinator', siteId: null, password: 'simulation-password' });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'sim@example.org', password: 'simulation-password' }),
  });
  const { token } = (await res.json()) as { token: string };
  db.close();
  return { file, token };
}

export type SimServer = {
  token: string;
  handle(req: Request): Promise<Response>;
  /** Close and reopen the server file; `whileClosed` may replace the file (a restored backup). */
  restart(whileClosed?: (file: string) => void): void;
  /** Read-only SQL on the server file (oracle). */
  query<T>(sql: string, ...params: unknown[]): T[];
  close(): void;
};

let runNo = 0;
export async function startSimServer(): Promise<SimServer> {
  template ??= makeTemplate();
  const t = await template;
  const dir = join(root, `run-${++runNo}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'server.sqlite');
  copyFileSync(t.file, file);
  let db: ServerDb = openServerDb(file);
  const make = () => createApp({ db, photosDir: join(dir, 'photos'), distDir: dir, limits: { sync: null, login: null } });
  let app = make();
  return {
    token: t.token,
    handle: (req) => Promise.resolve(app.fetch(req)),
    restart(whileClosed) {
      db.close();
      whileClosed?.(file);
      db = openServerDb(file);
      app = make();
    },
    query<T>(sql: string, ...params: unknown[]): T[] {
      const ro = new Database(file, { readonly: true });
      try { return ro.prepare(sql).all(...params) as T[]; } finally { ro.close(); }
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
