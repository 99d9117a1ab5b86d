// A device with many offline creates (more than one push batch) syncs them all to the real
// server and ends with an empty outbox (found by the peer benchmark: 1,000+ creates failed).
import { afterAll, expect, it } from 'vitest';
import { addObservation, createSite, createVisit } from '../../src/client/db/mutators';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { startSimServer } from '../support/server';

const closers: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

it('a device with 1,000 pending creates syncs them in batches and empties its outbox', async () => {
  const server = await startSimServer();
  closers.push(() => server.close());
  const db = makeTestDb();
  closers.push(() => db.close());
  const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-06-01' });
  for (let i = 0; i < 990; i++)
    await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: `Beobachtung ${i}` });
  const pending = await db.outbox.count();
  expect(pending).toBeGreaterThan(1000);
  const engine = createSyncEngine(db, {
    baseUrl: 'http://sim',
    getToken: () => server.token,
    appVersion: 't',
    fetch: (input, init) => server.handle(new Request(input as string, init)),
  });
  const outcome = await engine.syncNow();
  expect(outcome.error ?? null).toBeNull();
  expect(outcome.status).toBe('ok');
  expect(await db.outbox.count()).toBe(0);
  const [row] = server.query<{ n: number }>(
    "select count(*) as n from records where entity = 'observation'",
  );
  expect(row?.n).toBe(990);
}, 120_000);
