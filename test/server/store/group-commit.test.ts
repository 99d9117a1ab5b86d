// Group commit through the real sync route: concurrent requests from many devices share the
// store's write transactions and every one of them applies with a seq of its own. The group
// commit itself (one transaction per turn, a failing job rolled back alone, jobs settled after
// COMMIT) is part of the store contract (test/stores/contract/transactions.test.ts).
import { describe, expect, it } from 'vitest';
import { makeDevice, makeHarness, siteFields } from '../../support/server';

describe('group commit', () => {
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
      await h.close();
    }
  });
});
