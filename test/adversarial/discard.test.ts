// The truth a discarded rejection returns a device to (docs/architecture.md §Errors), against the
// real server process: a create the role may not make, and everything below it, never exists on
// the server for anybody; the rejections reach their author only. The device side (the record and
// its local-only children disappear on "Verwerfen") is test/client/db/discard.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observationFields, siteFields, visitFields } from '../support/rows';
import { startTarget, type Target, type Who } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

describe('a refused create and its children', () => {
  it('exist for nobody on the server; only the author pulls the rejections', async () => {
    const site = siteFields();
    const visit = visitFields(site.id);
    const obs = observationFields(visit.id);
    const qm = t.device('qmA');
    qm.enqueue('site', site.id, 'create', site);
    qm.enqueue('visit', visit.id, 'create', visit);
    qm.enqueue('observation', obs.id, 'create', obs);
    const { acks } = await qm.sync();
    expect(acks.map((a) => a.result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(acks[0]!.result.error?.code).toBe('forbidden');

    const ids = [site.id, visit.id, obs.id];
    for (const who of ['coordinator', 'member', 'qmA', 'qmB'] as const) {
      const rows = (await t.pullAll(who)).filter((c) => c.entity !== 'rejection');
      expect(rows.filter((c) => ids.includes(c.entityId))).toEqual([]);
    }
    const rejectionsOf = async (who: Who) =>
      (await t.pullAll(who)).filter(
        (c) =>
          c.entity === 'rejection' &&
          ids.includes(String((c.row as { entityId: string }).entityId)),
      );
    expect(await rejectionsOf('qmA')).toHaveLength(3);
    for (const who of ['coordinator', 'member', 'qmB'] as const)
      expect(await rejectionsOf(who)).toEqual([]);
  });
});
