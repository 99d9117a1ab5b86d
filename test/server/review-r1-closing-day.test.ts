// A need's closing day follows its status (docs/domain.md §Follow-up: closing records the day,
// reopening clears it). Two devices moving one need apart offline meet as two conflicts, on
// status and on closedAt; deciding them one by one must never leave an open need with a
// closing day (the needs list and its exports would print "abgeschlossen am" on an open need).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  followUpFields,
  makeDevice,
  makeHarness,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
let a: Device, b: Device;
let site: string;

beforeAll(async () => {
  h = await makeHarness();
  a = makeDevice(h, (await h.user('member')).token);
  b = makeDevice(h, (await h.user('member')).token);
  const s = siteFields();
  site = s.id;
  const c = makeDevice(h, (await h.user('coordinator')).token);
  await c.sync([c.mutation('site', s.id, 'create', s)]);
});
afterAll(() => h.close());

const conflictsOf = (res: SyncResponse, id: string) =>
  res.changes
    .filter((c) => c.entity === 'conflict')
    .map((c) => c.row as ConflictRecord)
    .filter((c) => c.entityId === id && c.status !== 'resolved');
const decide = (d: Device, c: ConflictRecord, resolution: 'mine' | 'theirs') =>
  d.sync([d.mutation('conflictResolution', c.id, 'patch', { conflictId: c.id, resolution })]);
const need = async (id: string) => (await h.record('followUp', id))!.data!;

/** A need starting as `start`, moved by device A to `aFields` and by B to `bFields` from one version. */
async function apart(
  start: Record<string, unknown>,
  aFields: Record<string, unknown>,
  bFields: Record<string, unknown>,
) {
  const v = { ...visitFields(site), status: 'in-progress' as const };
  const f = { ...followUpFields(v.id, site), ...start };
  await a.sync([a.mutation('visit', v.id, 'create', v), a.mutation('followUp', f.id, 'create', f)]);
  await b.sync();
  const base = (await h.record('followUp', f.id))!.version;
  await a.sync([a.mutation('followUp', f.id, 'patch', aFields, base)]);
  const res = await b.sync([b.mutation('followUp', f.id, 'patch', bFields, base)]);
  const open = conflictsOf(res, f.id);
  return { id: f.id, on: (field: string) => open.find((c) => c.field === field)! };
}

describe("deciding a need's status and closing day", () => {
  it('keeping the reopened status clears the day the other device closed it', async () => {
    const w = await apart(
      { status: 'in-progress' },
      { status: 'done', closedAt: '2026-06-01' },
      { status: 'open', closedAt: null },
    );
    expect(await need(w.id)).toMatchObject({ status: 'done', closedAt: '2026-06-01' });
    await decide(b, w.on('status'), 'mine');
    expect(await need(w.id)).toMatchObject({ status: 'open', closedAt: null });
  });

  it("keeping the other device's day while the need stays open writes no day", async () => {
    const w = await apart(
      { status: 'done', closedAt: '2026-05-01' },
      { status: 'in-progress', closedAt: null },
      { status: 'dropped', closedAt: '2026-05-01' },
    );
    expect(await need(w.id)).toMatchObject({ status: 'in-progress', closedAt: null });
    await decide(b, w.on('closedAt'), 'mine');
    expect(await need(w.id)).toMatchObject({ status: 'in-progress', closedAt: null });
  });
});
