// Record bytes when a reopened conflict is joined (docs/architecture.md §Merge): a decision made
// on an earlier save reopens the later value as a new conflict charged to the decider; the
// author's next save of that field joins it and is charged the difference to the value it held,
// a value the author was never charged for: a shorter save must not refund it, or the author's
// bytes fall below what its own conflicts still keep (the decider carries them, for good).
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { type Device, type Harness, makeHarness, twoPeopleOnVisit } from '../support/server';

let h: Harness;
let member: Awaited<ReturnType<Harness['user']>>;
let a: Device, b: Device;
let visitId: string;
let base: number;

const goals = (value: string, d: Device = b) =>
  d.mutation('visit', visitId, 'patch', { goals: value }, base);
const kept = (...values: unknown[]) => Buffer.byteLength(JSON.stringify(values));

beforeEach(async () => {
  h = await makeHarness();
  const two = await twoPeopleOnVisit(h);
  ({ member, a, b } = two);
  visitId = two.visit.id;
  base = (await a.sync([], { cursor: null })).changes.find((c) => c.entityId === visitId)!.version;
  await b.sync();
  await a.sync([goals('A', a)]);
});
afterEach(() => h.close());

describe('record bytes of a joined reopened conflict', () => {
  it("the author's bytes never fall below what its own conflicts keep", async () => {
    const long = 'B'.repeat(5000);
    const first = await b.sync([goals('B1')]);
    const id = first.results[0]!.conflictIds![0]!;
    await a.sync();
    await b.sync([goals(long)]); // joins: the conflict holds the long value, charged to B
    const decided = await a.sync([
      a.mutation('conflictResolution', id, 'patch', {
        conflictId: id,
        resolution: 'theirs',
        seen: first.results[0]!.id,
      }),
    ]);
    expect(decided.results[0]!.conflictIds).toHaveLength(1); // the long value, reopened
    await b.sync([goals('b')]); // joins the reopened conflict
    // The decided conflict still keeps A and the long value, written by B.
    expect(await h.read((tx) => tx.sync.conflict(id))).toMatchObject({
      status: 'resolved',
      clientValue: long,
    });
    expect(await h.read((tx) => tx.sync.usage(member.id))).toBeGreaterThanOrEqual(kept('A', long));
  });

  it('a shorter later save of the same conflict refunds nothing', async () => {
    const long = 'B'.repeat(5000);
    await b.sync([goals(long)]);
    await b.sync([goals('b')]);
    expect(await h.read((tx) => tx.sync.usage(member.id))).toBe(kept('A', long));
  });
});
