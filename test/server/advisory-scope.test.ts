// Who reads and writes the advisory records on the real server (src/shared/policy.ts,
// src/server/sync/advisory-rules.ts, docs/domain.md §Offers, §Ratings): a Quartiersmanagement
// account sees needs, offer links and ratings of its own site only, reads the siteless offer
// catalogue, learns nothing of another site's records and offers nothing itself; members read
// everything, change only their own offers and link any offer to any need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Mutation } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  codes,
  followUpFields,
  makeDevice,
  makeHarness,
  offerFields,
  ratingFields,
  siteFields,
  sponsorshipFields,
  visitFields,
} from '../support/server';

let h: Harness;
let coord: Device;
type Person = { id: string; token: string };
let qm: Person, member: Person, otherMember: Person;
type Side = {
  site: string;
  visit: string;
  need: string;
  local: string;
  outside: string;
  sponsorship: string;
};
let A: Side, B: Side;
let memberOffer: string, coordOffer: string;

async function side(offerId: string): Promise<Side> {
  const site = siteFields(),
    visit = visitFields(site.id);
  const need = {
    ...followUpFields(visit.id, site.id),
    offerId,
    matchStatus: 'proposed',
    matchNote: 'Termin im März',
  };
  const local = ratingFields(visit.id, 'local'),
    outside = { ...ratingFields(visit.id, 'outside'), rating: 1 };
  const sponsorship = sponsorshipFields(site.id);
  const res = await coord.sync([
    coord.mutation('site', site.id, 'create', site),
    coord.mutation('visit', visit.id, 'create', visit),
    coord.mutation('followUp', need.id, 'create', need),
    coord.mutation('fieldRating', local.id, 'create', local),
    coord.mutation('fieldRating', outside.id, 'create', outside),
    coord.mutation('sponsorship', sponsorship.id, 'create', sponsorship),
  ]);
  expect(res.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
  return {
    site: site.id,
    visit: visit.id,
    need: need.id,
    local: local.id,
    outside: outside.id,
    sponsorship: sponsorship.id,
  };
}

beforeAll(async () => {
  h = await makeHarness();
  const c = await h.user('coordinator');
  coord = makeDevice(h, c.token);
  member = await h.user('member');
  otherMember = await h.user('member');
  const m = makeDevice(h, member.token);
  const mo = offerFields(),
    co = offerFields();
  expect(codes(await m.sync([m.mutation('offer', mo.id, 'create', mo)]))).toEqual(['applied']);
  await coord.sync([coord.mutation('offer', co.id, 'create', co)]);
  memberOffer = mo.id;
  coordOffer = co.id;
  A = await side(memberOffer);
  B = await side(coordOffer);
  qm = await h.user('quartiersmanagement', A.site);
});
afterAll(() => h.close());

/** Everything a fresh device of `token` pulls, latest change per record. */
async function pullAll(token: string): Promise<Map<string, Change>> {
  const d = makeDevice(h, token);
  const seen = new Map<string, Change>();
  for (let more = true; more;) {
    const res = await d.sync([], { pullLimit: 1000 });
    for (const c of res.changes) seen.set(`${c.entity}:${c.entityId}`, c);
    more = res.hasMore;
  }
  return seen;
}

async function push(token: string, make: (d: Device) => Mutation[]) {
  const d = makeDevice(h, token);
  return codes(await d.sync(make(d)));
}

const history = (token: string, entity: string, id: string) =>
  h.req(`/api/v1/history/${entity}/${encodeURIComponent(id)}`, { token });

describe('a Quartiersmanagement account', () => {
  it("pulls its own site's needs with their offer links, ratings and sponsorships, none of the other site's", async () => {
    const seen = await pullAll(qm.token);
    const own = seen.get(`followUp:${A.need}`)!.row!;
    expect([own['offerId'], own['matchStatus'], own['matchNote']]).toEqual([
      memberOffer,
      'proposed',
      'Termin im März',
    ]);
    for (const [entity, id] of [
      ['fieldRating', A.local],
      ['fieldRating', A.outside],
      ['sponsorship', A.sponsorship],
    ])
      expect(seen.has(`${entity}:${id}`), `${entity} ${id}`).toBe(true);
    for (const [entity, id] of [
      ['site', B.site],
      ['visit', B.visit],
      ['followUp', B.need],
      ['fieldRating', B.local],
      ['fieldRating', B.outside],
      ['sponsorship', B.sponsorship],
    ])
      expect(seen.has(`${entity}:${id}`), `${entity} ${id}`).toBe(false);
    // Nothing of site B anywhere, not even inside another row.
    const text = JSON.stringify([...seen.values()]);
    expect(text).not.toContain(B.site);
    expect(text).not.toContain(B.visit);
  });

  it('pulls the whole offer catalogue, also offers only other sites link to', async () => {
    const seen = await pullAll(qm.token);
    expect(seen.get(`offer:${memberOffer}`)?.row?.['title']).toBe('Beratung Quartiersfonds');
    expect(seen.has(`offer:${coordOffer}`)).toBe(true);
  });

  it("gets 404 for the history of another site's rating, need and sponsorship, 200 for its own and for offers", async () => {
    for (const [entity, id] of [
      ['fieldRating', B.local],
      ['fieldRating', B.outside],
      ['followUp', B.need],
      ['sponsorship', B.sponsorship],
    ] as const) {
      const res = await history(qm.token, entity, id);
      expect(res.status, `${entity} ${id}`).toBe(404);
      expect(await res.text()).not.toContain(B.site);
    }
    for (const [entity, id] of [
      ['fieldRating', A.local],
      ['followUp', A.need],
      ['sponsorship', A.sponsorship],
      ['offer', coordOffer],
    ] as const)
      expect((await history(qm.token, entity, id)).status, `${entity} ${id}`).toBe(200);
  });

  it("pulls the conflicts on its own site's ratings and sponsorships, not on the other site's", async () => {
    const c2 = makeDevice(h, coord.token);
    for (const s of [A, B]) {
      const rating = (await h.record('fieldRating', s.local))!.version;
      const sponsorship = (await h.record('sponsorship', s.sponsorship))!.version;
      await coord.sync([
        coord.mutation('fieldRating', s.local, 'patch', { note: 'erste' }, rating),
        coord.mutation('sponsorship', s.sponsorship, 'patch', { project: 'erstes' }, sponsorship),
      ]);
      const res = await c2.sync([
        c2.mutation('fieldRating', s.local, 'patch', { note: 'zweite' }, rating),
        c2.mutation('sponsorship', s.sponsorship, 'patch', { project: 'zweites' }, sponsorship),
      ]);
      expect(codes(res)).toEqual(['conflict', 'conflict']);
    }
    const seen = await pullAll(qm.token);
    const on = [...seen.values()]
      .filter((c) => c.entity === 'conflict')
      .map((c) => (c.row as { entityId: string }).entityId);
    expect(on).toEqual(expect.arrayContaining([A.local, A.sponsorship]));
    expect(on).not.toContain(B.local);
    expect(on).not.toContain(B.sponsorship);
  });

  it('is refused the activity log (coordinators only)', async () => {
    expect((await h.req('/api/v1/activity', { token: qm.token })).status).toBe(403);
    expect((await h.req('/api/v1/activity?format=csv', { token: qm.token })).status).toBe(403);
  });

  it("is told another site's need, rating and sponsorship do not exist when it writes them", async () => {
    const got = await push(qm.token, (d) => [
      d.mutation('followUp', B.need, 'patch', { matchStatus: 'agreed' }),
      d.mutation('followUp', B.need, 'patch', { offerId: memberOffer }),
      d.mutation('fieldRating', B.local, 'patch', { rating: 5 }),
      d.mutation('fieldRating', B.local, 'delete'),
      d.mutation('sponsorship', B.sponsorship, 'patch', { note: 'x' }),
      d.mutation('sponsorship', B.sponsorship, 'delete'),
    ]);
    expect(got).toEqual(Array(6).fill('not_found'));
    expect((await h.record('followUp', B.need))!.data!['matchStatus']).toBe('proposed');
    expect((await h.record('fieldRating', B.local))!.data!['rating']).toBe(3);
  });

  it('cannot place a sponsorship or a rating at the other site (parent_missing), nor offer anything', async () => {
    const s = sponsorshipFields(B.site);
    const r = ratingFields(B.visit, 'local', 'climate');
    const o = offerFields();
    const got = await push(qm.token, (d) => [
      d.mutation('sponsorship', s.id, 'create', s),
      d.mutation('fieldRating', r.id, 'create', r),
      d.mutation('offer', o.id, 'create', o),
      d.mutation('offer', memberOffer, 'patch', { title: 'Gekapert' }),
      d.mutation('offer', coordOffer, 'delete'),
    ]);
    expect(got).toEqual([
      'parent_missing',
      'parent_missing',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
    expect(await h.record('sponsorship', s.id)).toBeNull();
    expect(await h.record('offer', o.id)).toBeNull();
  });

  it('at its own site: gives the local rating, not the outside view, keeps sponsorships and links offers', async () => {
    const local = ratingFields(A.visit, 'local', 'mobility');
    const outside = ratingFields(A.visit, 'outside', 'mobility');
    const s = sponsorshipFields(A.site);
    const got = await push(qm.token, (d) => [
      d.mutation('fieldRating', local.id, 'create', local),
      d.mutation('fieldRating', outside.id, 'create', outside),
      d.mutation('fieldRating', A.local, 'patch', { rating: 4 }),
      d.mutation('fieldRating', A.outside, 'patch', { rating: 4 }),
      d.mutation('fieldRating', A.outside, 'delete'),
      d.mutation('sponsorship', s.id, 'create', s),
      d.mutation('sponsorship', A.sponsorship, 'patch', { note: 'verlängert' }),
      d.mutation('followUp', A.need, 'patch', { offerId: coordOffer, matchStatus: 'contacted' }),
    ]);
    expect(got).toEqual([
      'applied',
      'forbidden',
      'applied',
      'forbidden',
      'forbidden',
      'applied',
      'applied',
      'applied',
    ]);
    expect((await h.record('fieldRating', A.outside))!.data!['rating']).toBe(1);
    expect((await h.record('followUp', A.need))!.data!['offerId']).toBe(coordOffer);
  });
});

describe('a member', () => {
  it('pulls the needs, ratings and sponsorships of every site', async () => {
    const seen = await pullAll(member.token);
    for (const s of [A, B])
      for (const [entity, id] of [
        ['followUp', s.need],
        ['fieldRating', s.local],
        ['fieldRating', s.outside],
        ['sponsorship', s.sponsorship],
      ])
        expect(seen.has(`${entity}:${id}`), `${entity} ${id}`).toBe(true);
  });

  it("changes its own offer, not another member's or a coordinator's", async () => {
    const own = await push(member.token, (d) => [
      d.mutation('offer', memberOffer, 'patch', { availability: 'ab März' }),
      d.mutation('offer', coordOffer, 'patch', { title: 'Meins' }),
      d.mutation('offer', coordOffer, 'delete'),
    ]);
    expect(own).toEqual(['applied', 'forbidden', 'forbidden']);
    const other = await push(otherMember.token, (d) => [
      d.mutation('offer', memberOffer, 'patch', { active: false }),
      d.mutation('offer', memberOffer, 'delete'),
    ]);
    expect(other).toEqual(['forbidden', 'forbidden']);
    expect((await h.record('offer', memberOffer))!.data!['active']).toBe(true);
  });

  it('links any offer to any need, and only an offer the server knows', async () => {
    const need = {
      ...followUpFields(B.visit, B.site),
      offerId: memberOffer,
      matchStatus: 'proposed',
    };
    const seen = (await h.record('followUp', A.need))!.version;
    const got = await push(otherMember.token, (d) => [
      d.mutation(
        'followUp',
        A.need,
        'patch',
        { offerId: memberOffer, matchStatus: 'agreed' },
        seen,
      ),
      d.mutation('followUp', B.need, 'patch', { matchNote: 'läuft' }),
      d.mutation('followUp', need.id, 'create', need),
      d.mutation('followUp', B.need, 'patch', { offerId: '01900000-0000-7000-8000-000000000000' }),
    ]);
    expect(got).toEqual(['applied', 'applied', 'applied', 'invalid']);
    expect((await h.record('followUp', B.need))!.data!['offerId']).toBe(coordOffer);
  });

  it('gives the outside view only', async () => {
    const local = ratingFields(B.visit, 'local', 'participation');
    const outside = ratingFields(B.visit, 'outside', 'participation');
    const got = await push(member.token, (d) => [
      d.mutation('fieldRating', local.id, 'create', local),
      d.mutation('fieldRating', outside.id, 'create', outside),
      d.mutation('fieldRating', B.local, 'patch', { note: 'anders' }),
    ]);
    expect(got).toEqual(['forbidden', 'applied', 'forbidden']);
  });
});
