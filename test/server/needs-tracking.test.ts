// The needs list's inline tracking against the real server: a Quartiersmanagement account tracks
// the needs of its own site (also on an approved visit) but not another site's, whatever it
// sends; a member tracks at any site. The list offers the controls by mayTrackFollowUp, which
// must say what the server enforces.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { followUpStatusPatch } from '../../src/shared/domain/follow-ups';
import { mayTrackFollowUp } from '../../src/shared/policy';
import {
  type Device,
  type Harness,
  codes,
  followUpFields,
  makeDevice,
  makeHarness,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
let coord: Device;

beforeAll(async () => {
  h = await makeHarness();
  coord = makeDevice(h, (await h.user('coordinator')).token);
});
afterAll(() => h.close());

/** A site with an approved visit and one open need on it. */
async function approvedNeed() {
  const s = siteFields();
  const v = { ...visitFields(s.id), status: 'in-progress' as const };
  const need = followUpFields(v.id, s.id);
  expect(
    codes(
      await coord.sync([
        coord.mutation('site', s.id, 'create', s),
        coord.mutation('visit', v.id, 'create', v),
        coord.mutation('followUp', need.id, 'create', need),
      ]),
    ),
  ).toEqual(['applied', 'applied', 'applied']);
  expect(
    codes(await coord.sync([coord.mutation('visit', v.id, 'patch', { status: 'approved' })])),
  ).toEqual(['applied']);
  return { site: s.id, need: need.id };
}

it("lets a Quartiersmanagement track its own site's need, never another site's", async () => {
  const own = await approvedNeed();
  const other = await approvedNeed();
  const qmUser = await h.user('quartiersmanagement', own.site);
  const qm = makeDevice(h, qmUser.token);
  const close = followUpStatusPatch({ status: 'open', closedAt: null }, 'done', '2026-12-02');
  const version = async (id: string) => (await h.record('followUp', id))!.version;

  const res = await qm.sync([
    qm.mutation('followUp', own.need, 'patch', close, await version(own.need)),
    qm.mutation('followUp', other.need, 'patch', close, await version(other.need)),
  ]);
  const [ownCode, otherCode] = codes(res);
  expect(ownCode).toBe('applied');
  // another site's record is not revealed to exist (src/shared/policy.ts)
  expect(otherCode).toBe('not_found');
  expect((await h.record('followUp', own.need))!.data).toMatchObject({
    status: 'done',
    closedAt: '2026-12-02',
  });
  expect((await h.record('followUp', other.need))!.data).toMatchObject({ status: 'open' });
  expect((await h.record('followUp', other.need))!.data!['closedAt']).toBeUndefined();

  // the policy the list asks agrees with the server
  expect(mayTrackFollowUp(qmUser, { siteId: own.site })).toBe(true);
  expect(mayTrackFollowUp(qmUser, { siteId: other.site })).toBe(false);
});
