import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
  updateVisit,
} from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { createSyncEngine } from '../../../src/client/sync/engine';
import { META } from '../../../src/client/db/meta-keys';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';

afterEach(closeOpened);

async function seedVisit(db: AppDb) {
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  return { site, visit };
}
const cursorOf = async (db: AppDb) => (await db.meta.get(META.cursor))?.value;

describe('sync engine against the real server', () => {
  it("pushes a device's visit and another device pulls the same rows; outboxes empty, cursors equal", async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const b = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'Hof begrünt' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect(await a.db.outbox.count()).toBe(0);
    const strip = (rows: object[]) =>
      rows.map((row) => {
        const { _base, ...r } = row as Record<string, unknown>;
        return r;
      });
    expect(strip(await b.db.checklistItems.toArray())).toEqual(
      strip(await a.db.checklistItems.toArray()),
    );
    expect((await b.db.observations.toArray())[0]?.text).toBe('Hof begrünt');
    expect(await cursorOf(a.db)).toBe(await cursorOf(b.db));
    expect(a.engine.state().lastOkAt).not.toBeNull();
  });

  it('a pending local edit survives a pull of the same row (server row ⊕ outbox overlay)', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const b = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    await updateVisit(b.db, visit.id, { goals: 'from B' });
    await b.engine.syncNow();
    await updateVisit(a.db, visit.id, { notes: 'local A' }); // pending while A pulls B's change
    server.script = (req) =>
      req.mutations.length > 0 ? new Response(null, { status: 503 }) : null;
    await a.engine.syncNow();
    server.script = null;
    // The push failed, so A pulled nothing yet; now pull B's change without pushing A's edit.
    const entry = (await a.db.outbox.toArray())[0]!;
    expect(entry.state).toBe('pending');
    await a.engine.syncNow();
    const row = await a.db.visits.get(visit.id);
    expect(row).toMatchObject({ goals: 'from B', notes: 'local A' });
    expect(server.conflicts()).toHaveLength(0);
  });

  it('concurrent edits of one field: first committed value wins on every device, the other is a conflict record', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const b = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    await updateVisit(a.db, visit.id, { goals: 'A' });
    await updateVisit(b.db, visit.id, { goals: 'B' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect((await a.db.visits.get(visit.id))?.goals).toBe('A');
    expect((await b.db.visits.get(visit.id))?.goals).toBe('A');
    const conflicts = await b.db.conflicts.toArray();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ field: 'goals', clientValue: 'B', serverValue: 'A' });
    expect(await a.db.conflicts.count()).toBe(1);
    expect(await b.db.outbox.count()).toBe(0);
  });

  it('two offline edits of the same field by one device are not a conflict', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'x' });
    await updateObservation(a.db, obs.id, { text: 'xy' });
    await updateObservation(a.db, obs.id, { text: 'xyz' });
    await a.engine.syncNow();
    expect(server.conflicts()).toHaveLength(0);
    expect((await a.db.observations.get(obs.id))?.text).toBe('xyz');
  });

  it('a rejected mutation leaves the queue, becomes a local rejection and keeps the local row', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    await a.engine.syncNow();
    await updateVisit(a.db, visit.id, { goals: 'refused' });
    server.script = (req) => {
      const m = req.mutations[0]!;
      return Response.json({
        protocol: 1,
        results: [
          {
            id: m.id,
            clientSeq: m.clientSeq,
            status: 'rejected',
            error: { code: 'forbidden', message: 'no' },
          },
        ],
        lastClientSeq: m.clientSeq,
        changes: [],
        cursor: req.cursor,
        hasMore: false,
        minSchemaVersion: 1,
        serverTime: new Date().toISOString(),
      });
    };
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.rejections.toArray()).toMatchObject([
      { entityId: visit.id, code: 'forbidden', resolved: 0 },
    ]);
    expect((await a.db.visits.get(visit.id))?.goals).toBe('refused');
  });
});

describe('status handling', () => {
  it('401 calls onAuthError and leaves the outbox exactly as it was', async () => {
    const server = await realServer();
    const onAuthError = vi.fn();
    const a = engineDevice(server, { onAuthError });
    await seedVisit(a.db);
    const before = await a.db.outbox.toArray();
    server.script = () => Response.json({ error: 'unauthorized', message: 'x' }, { status: 401 });
    const out = await a.engine.syncNow();
    expect(out.status).toBe('auth');
    expect(onAuthError).toHaveBeenCalledOnce();
    expect(await a.db.outbox.toArray()).toEqual(before);
    expect(a.engine.state().nextRetryAt).toBeNull();
  });

  it('413 halves the batch until the server accepts it, then everything is pushed', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    await seedVisit(a.db);
    const total = await a.db.outbox.count();
    server.script = (req) =>
      req.mutations.length > 8 ? new Response(null, { status: 413 }) : null;
    expect((await a.engine.syncNow()).status).toBe('ok');
    const sizes = server.requests.map((r) => r.mutations.length);
    expect(sizes[0]).toBe(total);
    expect(sizes[1]).toBe(Math.floor(total / 2));
    expect(sizes.filter((n) => n > 0 && n <= 8).length).toBeGreaterThan(0);
    expect(await a.db.outbox.count()).toBe(0);
    expect(server.lastClientSeqs()[0]).toBe(total);
  });

  it('409 gap resends from the expected seq, including entries already acked', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    const n = await a.db.outbox.count();
    // The server applies everything but the answer does not cover the writes: entries stay acked.
    server.script = null;
    const realFetch = server.fetch;
    server.fetch = async (i, init) => {
      const res = await realFetch(i, init);
      const body = await res.json();
      return Response.json({ ...body, changes: [], cursor: '0' });
    };
    await createSyncEngine(a.db, {
      baseUrl: 'http://t',
      getToken: () => server.token,
      fetch: server.fetch,
      appVersion: 't',
    }).syncNow();
    expect(await a.db.outbox.where('state').equals('acked').count()).toBe(n);
    server.fetch = realFetch;
    // The server loses this device's history (restored backup), then a new write is pushed.
    await server.loseHistory();
    await updateVisit(a.db, visit.id, { goals: 'after restore' });
    const e2 = createSyncEngine(a.db, {
      baseUrl: 'http://t',
      getToken: () => server.token,
      fetch: server.fetch,
      appVersion: 't',
    });
    expect((await e2.syncNow()).status).toBe('ok');
    const firstSeqs = server.requests.map((r) => r.mutations[0]?.clientSeq);
    const gapAt = firstSeqs.indexOf(n + 1);
    expect(gapAt).toBeGreaterThan(0);
    expect(firstSeqs[gapAt + 1]).toBe(1);
    expect(server.lastClientSeqs()[0]).toBe(n + 1);
    expect(await a.db.outbox.count()).toBe(0);
  });

  it('network failures back off with full jitter, capped at 5 minutes, and are recorded durably', async () => {
    let t = 1_000_000;
    const server = await realServer();
    const a = engineDevice(server, { now: () => t, random: () => 0.999 });
    await seedVisit(a.db);
    server.script = () => {
      throw new TypeError('fetch failed');
    };
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const out = await a.engine.syncNow();
      expect(out.status).toBe('retry');
      delays.push(a.engine.state().nextRetryAt! - t);
      t += 1;
    }
    expect(delays[0]).toBeLessThan(1_000);
    expect(delays[1]).toBeGreaterThan(delays[0]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5 * 60_000);
    expect(delays.at(-1)).toBeGreaterThan(4 * 60_000);
    expect(a.engine.state().online).toBe(false);
    expect((await a.db.meta.get(META.lastSyncError))?.value).toMatchObject({ code: 'network' });
    expect((await a.db.outbox.toArray())[0]?.attempts).toBe(12);
    const b = engineDevice(server, { now: () => t, random: () => 0 });
    await seedVisit(b.db);
    await b.engine.syncNow();
    expect(b.engine.state().nextRetryAt).toBe(t); // jitter reaches down to zero
  });

  it('429 with Retry-After waits exactly as long as the server asks', async () => {
    const t = 5_000;
    const server = await realServer();
    const a = engineDevice(server, { now: () => t });
    await seedVisit(a.db);
    server.script = () => new Response(null, { status: 429, headers: { 'retry-after': '42' } });
    expect((await a.engine.syncNow()).status).toBe('retry');
    expect(a.engine.state().nextRetryAt).toBe(t + 42_000);
  });

  it('426 calls onUpdateRequired and keeps the outbox', async () => {
    const server = await realServer();
    const onUpdateRequired = vi.fn();
    const a = engineDevice(server, { onUpdateRequired });
    await seedVisit(a.db);
    const n = await a.db.outbox.count();
    server.script = () => new Response(null, { status: 426 });
    expect((await a.engine.syncNow()).status).toBe('update_required');
    expect(onUpdateRequired).toHaveBeenCalledOnce();
    expect(await a.db.outbox.count()).toBe(n);
  });

  it('a reset refetches from cursor null and keeps unsynced local work', async () => {
    const server = await realServer();
    const a = engineDevice(server);
    const { visit } = await seedVisit(a.db);
    await a.engine.syncNow();
    await updateVisit(a.db, visit.id, { goals: 'unsynced' });
    let sent = false;
    server.script = (req) => {
      if (sent || req.cursor === null) return null;
      sent = true;
      return Response.json({
        protocol: 1,
        results: [],
        lastClientSeq: req.outboxHighWater - req.mutations.length, // the pushed edit not applied
        changes: [],
        cursor: '0',
        hasMore: false,
        reset: { reason: 'scope_changed' },
        minSchemaVersion: 1,
        serverTime: new Date().toISOString(),
      });
    };
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(server.requests.at(-1)?.cursor).toBeNull();
    expect((await a.db.visits.get(visit.id))?.goals).toBe('unsynced');
    expect(await a.db.checklistItems.count()).toBeGreaterThan(0);
    expect(await a.db.outbox.count()).toBe(0);
  });
});
