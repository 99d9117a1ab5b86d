// A pull never takes or waits for the writer (docs/architecture.md §Pull): a sync request that
// pushes nothing reads its page from a snapshot on the read-only connection while another
// connection holds SQLite's write lock, and sees nothing that writer has not committed. The
// device's bookkeeping (last seen, app version, outbox high-water) follows in a later group
// commit; only a first pull or a changed scope waits for it, because the scope reset depends on it.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Harness, makeDevice, makeHarness, seedVisit } from '../support/server';

let h: Harness;
let lock: Database.Database | null = null;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  if (lock?.inTransaction) lock.exec('ROLLBACK');
  lock?.close();
  lock = null;
  await h.close();
});

/** Another connection takes the write lock and leaves an uncommitted seq behind it. */
function holdWriteLock(): void {
  lock = new Database(h.dbFile);
  lock.exec('BEGIN IMMEDIATE');
  lock.exec("UPDATE counters SET value = value + 1000 WHERE name = 'global_seq'");
}

const clientRow = (clientId: string) =>
  new Database(h.dbFile, { readonly: true })
    .prepare('SELECT app_version, last_seen_at FROM clients WHERE client_id = ?')
    .get(clientId) as { app_version: string; last_seen_at: string } | undefined;

describe('pulls read outside the writer', () => {
  it('answers a pull at once while another connection holds the write lock, from the committed snapshot', async () => {
    const coord = await h.user('coordinator');
    const a = makeDevice(h, coord.token);
    const { site, visit } = await seedVisit(a);
    const b = makeDevice(h, coord.token);
    await b.sync(); // b is known to the server with its scope: its next pulls are plain reads
    const cursor = b.cursor;
    b.cursor = null;

    holdWriteLock();
    const started = Date.now();
    const res = await b.post(b.request([], { appVersion: 'next' }));
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    // Waiting for the lock would take the whole busy_timeout (5 s) and then fail.
    expect(took).toBeLessThan(2000);
    const body = (await res.json()) as { changes: { entityId: string }[]; cursor: string };
    expect(body.changes.map((c) => c.entityId)).toEqual([site.id, visit.id]);
    // The cursor is the newest committed seq, not the one the open transaction took.
    expect(body.cursor).toBe(cursor);

    lock!.exec('ROLLBACK');
    // The bookkeeping lands once the writer is free.
    await vi.waitFor(() => expect(clientRow(b.clientId)?.app_version).toBe('next'), {
      timeout: 5000,
      interval: 50,
    });
  });

  it('records a device it has never seen before answering its first pull', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    await seedVisit(makeDevice(h, coord.token));
    const res = await d.sync();
    expect(res.changes).toHaveLength(2);
    // Durable when the answer arrives: the scope the device pulled under is what later pulls
    // compare against (a scope change resets the device's copy).
    expect(clientRow(d.clientId)).toMatchObject({ app_version: 'test' });
  });
});
