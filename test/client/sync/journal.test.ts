// The sync journal (docs/adr/0006-device-recovery.md): entries that left the outbox are kept for
// a while so that a restored server can get them back, and the journal stays bounded.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb, OutboxEntry } from '../../../src/client/db/schema';
import {
  JOURNAL_KEEP_MS,
  JOURNAL_MAX_ENTRIES,
  highestAcknowledged,
  journalEntries,
  readPushInput,
} from '../../../src/client/db/sync-store';
import { makeTestDb } from '../../support/fake-db';

const dbs: AppDb[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

const entry = (clientSeq: number): OutboxEntry => ({
  id: `01900000-0000-7000-8000-${String(clientSeq).padStart(12, '0')}`,
  clientSeq,
  entity: 'site',
  entityId: '01900000-0000-7000-8000-000000000000',
  op: 'patch',
  baseVersion: 1,
  fields: { quarter: `q${clientSeq}` },
  schemaVersion: 1,
  clientTime: '2026-05-04T10:00:00.000Z',
  visitId: null,
  state: 'acked',
  serverSeq: clientSeq,
  createdAt: 0,
  attempts: 0,
});
const journal = (db: AppDb, entries: OutboxEntry[], now: number) =>
  db.transaction('rw', db.meta, () => journalEntries(db, entries, now));

describe('sync journal', () => {
  it('resends from the journal in clientSeq order and knows how far the server acknowledged', async () => {
    const db = makeTestDb();
    dbs.push(db);
    await journal(db, [entry(3), entry(1), entry(2)], 1_000);
    const input = await readPushInput(db, 2, 10);
    expect(input.entries.map((e) => e.clientSeq)).toEqual([2, 3]);
    expect(input.covered).toBe(true);
    expect(input.fromJournal).toEqual([2, 3]);
    expect(await highestAcknowledged(db)).toBe(3);
    expect((await readPushInput(db, 5, 10)).covered).toBe(false);
  });

  it(`keeps entries ${JOURNAL_KEEP_MS / 86_400_000} days and at most the newest ${JOURNAL_MAX_ENTRIES}`, async () => {
    const db = makeTestDb();
    dbs.push(db);
    const day = 86_400_000;
    await journal(db, [entry(1), entry(2)], 0);
    await journal(db, [entry(3)], JOURNAL_KEEP_MS + day);
    expect((await readPushInput(db, 1, 10)).entries.map((e) => e.clientSeq)).toEqual([3]);
    const many = Array.from({ length: JOURNAL_MAX_ENTRIES + 5 }, (_, i) => entry(i + 10));
    await journal(db, many, JOURNAL_KEEP_MS + 2 * day);
    const left = (await readPushInput(db, 1, JOURNAL_MAX_ENTRIES + 10)).entries;
    expect(left).toHaveLength(JOURNAL_MAX_ENTRIES);
    expect(left[0]!.clientSeq).toBe(15);
  });
});
