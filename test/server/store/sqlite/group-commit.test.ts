import { describe, expect, it } from 'vitest';
import { openServerDb } from '../../../../src/server/store/sqlite/open';
import { makeDevice, makeHarness, siteFields } from '../../../support/server';

describe('group commit', () => {
  it('jobs queued together commit together, and a failing job rolls back only its own writes', async () => {
    const db = openServerDb(':memory:');
    // Seqs continue after the template rows migration 10 seeds.
    const base = db.sync.currentSeq();
    const a = db.groupTx(() => db.sync.nextSeq());
    const b = db.groupTx(() => {
      db.sync.nextSeq();
      throw new Error('job b fails');
    });
    const c = db.groupTx(() => db.sync.nextSeq());
    expect(await a).toBe(base + 1);
    await expect(b).rejects.toThrow('job b fails');
    expect(await c).toBe(base + 2);
    expect(db.sync.currentSeq()).toBe(base + 2);
    db.close();
  });

  it('concurrent sync requests from many devices all apply with distinct seqs and full results', async () => {
    const h = await makeHarness();
    try {
      const coord = await h.user('coordinator');
      const devices = Array.from({ length: 12 }, () => makeDevice(h, coord.token));
      const sites = devices.map(() => siteFields());
      const answers = await Promise.all(
        devices.map((d, i) => d.sync([d.mutation('site', sites[i]!.id, 'create', sites[i]!)])),
      );
      const seqs = answers.map((r) => r.results[0]!.serverSeq);
      expect(answers.every((r) => r.results[0]!.status === 'applied')).toBe(true);
      expect(new Set(seqs).size).toBe(12);
      const all = await makeDevice(h, coord.token).sync();
      expect(all.changes.map((c) => c.entityId).sort()).toEqual(sites.map((s) => s.id).sort());
    } finally {
      h.close();
    }
  });
});
