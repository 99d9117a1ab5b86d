// The alliance's offers and sponsorships on the server (docs/domain.md §Offers), against the real
// server code and a real SQLite file: who registers and changes an offer, who reads it, a need's
// link to an offer that must exist, tracking a need on an approved visit, and who records a
// site's sponsorships.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  followUpFields,
  makeDevice,
  makeHarness,
  offerFields,
  outcome,
  siteFields,
  sponsorshipFields,
  visitFields,
} from '../support/server';

let h: Harness;
let coord: Device, memberA: Device, memberB: Device, qm: Device, qmOther: Device;
let site: string, otherSite: string;

beforeAll(async () => {
  h = await makeHarness();
  coord = makeDevice(h, (await h.user('coordinator')).token);
  const s1 = siteFields(),
    s2 = siteFields();
  await coord.sync([
    coord.mutation('site', s1.id, 'create', s1),
    coord.mutation('site', s2.id, 'create', s2),
  ]);
  site = s1.id;
  otherSite = s2.id;
  memberA = makeDevice(h, (await h.user('member')).token);
  memberB = makeDevice(h, (await h.user('member')).token);
  qm = makeDevice(h, (await h.user('quartiersmanagement', site)).token);
  qmOther = makeDevice(h, (await h.user('quartiersmanagement', otherSite)).token);
});
afterAll(() => h.close());

const version = async (id: string) => (await h.record('followUp', id))!.version;
const stored = async (entity: 'offer' | 'followUp' | 'sponsorship', id: string) =>
  (await h.record(entity, id))?.data;

/** A member A's offer on the server. */
async function offerOfA() {
  const o = offerFields();
  expect(await outcome(memberA, memberA.mutation('offer', o.id, 'create', o))).toBe('applied');
  return o;
}

describe('offers', () => {
  it('a member registers an offer; its owner changes it, another member may not, a coordinator may', async () => {
    const o = await offerOfA();
    expect(
      await outcome(memberB, memberB.mutation('offer', o.id, 'patch', { title: 'Übernommen' })),
    ).toBe('forbidden');
    expect(await outcome(memberB, memberB.mutation('offer', o.id, 'delete'))).toBe('forbidden');
    expect(
      await outcome(memberA, memberA.mutation('offer', o.id, 'patch', { availability: 'ab Mai' })),
    ).toBe('applied');
    expect(await outcome(coord, coord.mutation('offer', o.id, 'patch', { active: false }))).toBe(
      'applied',
    );
    expect(await stored('offer', o.id)).toMatchObject({
      title: o.title,
      availability: 'ab Mai',
      active: false,
    });
  });

  it('Quartiersmanagement may not register or change an offer, but pulls the catalogue', async () => {
    const o = await offerOfA();
    const own = offerFields();
    expect(await outcome(qm, qm.mutation('offer', own.id, 'create', own))).toBe('forbidden');
    expect(await outcome(qm, qm.mutation('offer', o.id, 'patch', { title: 'x' }))).toBe(
      'forbidden',
    );
    const fresh = makeDevice(h, qmOther.token);
    let changes: SyncResponse['changes'] = [];
    for (let more = true; more;) {
      const res = await fresh.sync();
      changes = changes.concat(res.changes);
      more = res.hasMore;
    }
    const pulled = changes.filter((c) => c.entity === 'offer').map((c) => c.entityId);
    expect(pulled).toContain(o.id);
    expect(pulled).not.toContain(own.id);
  });

  it('an offer with an unknown type or a field listed twice is invalid', async () => {
    const a = { ...offerFields(), type: 'lecture' };
    const b = { ...offerFields(), fieldIds: ['climate', 'climate'] };
    expect(await outcome(memberA, memberA.mutation('offer', a.id, 'create', a))).toMatch(
      /^invalid/,
    );
    expect(await outcome(memberA, memberA.mutation('offer', b.id, 'create', b))).toMatch(
      /^invalid/,
    );
  });
});

describe('a need linked to an offer', () => {
  async function needAt(status: 'in-progress' | 'approved') {
    const v = { ...visitFields(site), status: 'in-progress' };
    const f = followUpFields(v.id, site);
    await coord.sync([
      coord.mutation('visit', v.id, 'create', v),
      coord.mutation('followUp', f.id, 'create', f),
    ]);
    if (status === 'approved')
      await coord.sync([coord.mutation('visit', v.id, 'patch', { status: 'approved' })]);
    return f;
  }

  it('linking an offer that does not exist is invalid (path offerId); an existing one is applied', async () => {
    const f = await needAt('in-progress');
    expect(
      await outcome(
        memberB,
        memberB.mutation('followUp', f.id, 'patch', { offerId: uuidv7(), matchStatus: 'proposed' }),
      ),
    ).toBe('invalid@offerId');
    const o = await offerOfA();
    expect(
      await outcome(
        memberB,
        memberB.mutation('followUp', f.id, 'patch', { offerId: o.id, matchStatus: 'proposed' }),
      ),
    ).toBe('applied');
  });

  it('a member tracks the link on an approved visit; other fields of the need stay locked', async () => {
    const f = await needAt('approved');
    const o = await offerOfA();
    expect(
      await outcome(
        memberB,
        memberB.mutation('followUp', f.id, 'patch', { offerId: o.id, matchStatus: 'proposed' }),
      ),
    ).toBe('applied');
    expect(
      await outcome(
        memberA,
        memberA.mutation(
          'followUp',
          f.id,
          'patch',
          { matchStatus: 'agreed', matchNote: 'Termin am 12. Mai' },
          await version(f.id), // A has pulled B's link
        ),
      ),
    ).toBe('applied');
    expect(
      await outcome(
        memberA,
        memberA.mutation('followUp', f.id, 'patch', { description: 'umgeschrieben' }),
      ),
    ).toBe('visit_approved');
    expect(
      await outcome(
        memberA,
        memberA.mutation('followUp', f.id, 'patch', { matchNote: 'x', description: 'y' }),
      ),
    ).toBe('visit_approved');
    expect(await stored('followUp', f.id)).toMatchObject({
      offerId: o.id,
      matchStatus: 'agreed',
      matchNote: 'Termin am 12. Mai',
      description: 'Spielplatz',
    });
  });

  it('a match status outside the vocabulary is invalid', async () => {
    const f = await needAt('in-progress');
    expect(
      await outcome(memberA, memberA.mutation('followUp', f.id, 'patch', { matchStatus: 'maybe' })),
    ).toMatch(/^invalid/);
  });
});

describe('sponsorships', () => {
  it('members and coordinators record them at any site, Quartiersmanagement at its own only', async () => {
    const cases: [Device, string, string][] = [
      [memberA, site, 'applied'],
      [coord, otherSite, 'applied'],
      [qm, site, 'applied'],
    ];
    for (const [d, at, expected] of cases) {
      const s = sponsorshipFields(at);
      expect(await outcome(d, d.mutation('sponsorship', s.id, 'create', s))).toBe(expected);
    }
    const s = sponsorshipFields(otherSite);
    expect(await outcome(qm, qm.mutation('sponsorship', s.id, 'create', s))).not.toBe('applied');
    expect(await stored('sponsorship', s.id)).toBeUndefined();
  });

  it('a sponsorship without sponsors, or with a nameless one, is invalid', async () => {
    for (const sponsors of [[], [{ name: '', organisation: 'x' }]]) {
      const s = { ...sponsorshipFields(site), sponsors };
      expect(await outcome(memberA, memberA.mutation('sponsorship', s.id, 'create', s))).toMatch(
        /^invalid/,
      );
    }
  });

  it('the site of a sponsorship does not move', async () => {
    const s = sponsorshipFields(site);
    await memberA.sync([memberA.mutation('sponsorship', s.id, 'create', s)]);
    expect(
      await outcome(memberA, memberA.mutation('sponsorship', s.id, 'patch', { siteId: otherSite })),
    ).not.toBe('applied');
    expect(await stored('sponsorship', s.id)).toMatchObject({ siteId: site });
  });
});
