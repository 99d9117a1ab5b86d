// Where the advisory records meet the rest of the server (docs/architecture.md §Review, §History,
// docs/domain.md §Follow-up, §Offers, §Ratings): a need's tracking stays open on a reviewed visit
// while its content and the visit's ratings stay locked; ratings go and come back with their visit
// and are purged with it; a deleted offer leaves its links standing; a rating's id says what it
// rates and cannot be forged or moved; the history keeps every rating and tracking change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/server/retention';
import type { HistoryPage } from '../../src/shared/history';
import type { ConflictRecord } from '../../src/shared/protocol';
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
  visitFields,
} from '../support/server';

let h: Harness;
let coord: Device, member: Device, member2: Device, qm: Device;
let memberToken: string;
let site: string;
let offer: string, offer2: string;

beforeAll(async () => {
  h = await makeHarness();
  const c = await h.user('coordinator');
  coord = makeDevice(h, c.token);
  const s = siteFields();
  site = s.id;
  const o = offerFields(),
    o2 = offerFields();
  offer = o.id;
  offer2 = o2.id;
  await coord.sync([
    coord.mutation('site', s.id, 'create', s),
    coord.mutation('offer', o.id, 'create', o),
    coord.mutation('offer', o2.id, 'create', o2),
  ]);
  const m = await h.user('member');
  memberToken = m.token;
  member = makeDevice(h, m.token);
  member2 = makeDevice(h, (await h.user('member')).token);
  qm = makeDevice(h, (await h.user('quartiersmanagement', site)).token);
});
afterAll(() => h.close());

const stored = async (entity: 'followUp' | 'fieldRating' | 'offer' | 'visit', id: string) =>
  (await h.record(entity, id))!;
const version = async (entity: 'followUp' | 'fieldRating', id: string) =>
  (await stored(entity, id)).version;

/** A visit with a need (linked to `offer`) and a local and an outside rating, then moved to `status`. */
async function visitWith(status: 'in-progress' | 'submitted' | 'approved') {
  const v = { ...visitFields(site), status: 'in-progress' as const };
  const need = { ...followUpFields(v.id, site), offerId: offer, matchStatus: 'proposed' };
  const local = ratingFields(v.id, 'local'),
    outside = ratingFields(v.id, 'outside');
  const res = await coord.sync([
    coord.mutation('visit', v.id, 'create', v),
    coord.mutation('followUp', need.id, 'create', need),
    coord.mutation('fieldRating', local.id, 'create', local),
    coord.mutation('fieldRating', outside.id, 'create', outside),
  ]);
  expect(codes(res)).toEqual(['applied', 'applied', 'applied', 'applied']);
  if (status !== 'in-progress')
    expect(codes(await coord.sync([coord.mutation('visit', v.id, 'patch', { status })]))).toEqual([
      'applied',
    ]);
  return { visit: v.id, need: need.id, local: local.id, outside: outside.id };
}

const TRACKING = {
  status: 'done',
  closedAt: '2026-06-01',
  owner: 'Frau Peters',
  dueDate: '2026-07-01',
  matchStatus: 'agreed',
  matchNote: 'Termin am 3. Juli',
} as const;

describe.each(['submitted', 'approved'] as const)('a %s visit', (status) => {
  it("applies a visitor's tracking patch of a need, every tracking field, also the offer link", async () => {
    const w = await visitWith(status);
    const res = await member.sync([
      member.mutation('followUp', w.need, 'patch', TRACKING, await version('followUp', w.need)),
      member.mutation(
        'followUp',
        w.need,
        'patch',
        { offerId: offer2 },
        await version('followUp', w.need),
      ),
    ]);
    expect(codes(res)).toEqual(['applied', 'applied']);
    expect((await stored('followUp', w.need)).data).toMatchObject({ ...TRACKING, offerId: offer2 });
    // the Quartiersmanagement of the site tracks too
    const q = await qm.sync([
      qm.mutation(
        'followUp',
        w.need,
        'patch',
        { status: 'open', closedAt: null },
        await version('followUp', w.need),
      ),
    ]);
    expect(codes(q)).toEqual(['applied']);
  });

  it('holds or refuses a patch that mixes tracking with the description, as every locked write', async () => {
    const w = await visitWith(status);
    const res = await member.sync([
      member.mutation(
        'followUp',
        w.need,
        'patch',
        { matchNote: 'und', description: 'umgeschrieben' },
        await version('followUp', w.need),
      ),
    ]);
    expect(codes(res)).toEqual([status === 'submitted' ? 'conflict' : 'visit_approved']);
    expect((await stored('followUp', w.need)).data).toMatchObject({ description: 'Spielplatz' });
    expect((await stored('followUp', w.need)).data!['matchNote']).toBeUndefined();
  });

  it('refuses a new need and a delete of one; keeps the ratings locked for visitors', async () => {
    const w = await visitWith(status);
    const late = followUpFields(w.visit, site);
    const r = ratingFields(w.visit, 'outside', 'climate');
    const lockCode = status === 'submitted' ? 'visit_submitted' : 'visit_approved';
    const res = await member.sync([
      member.mutation('followUp', late.id, 'create', late),
      member.mutation('followUp', w.need, 'delete'),
      member.mutation('fieldRating', r.id, 'create', r),
      member.mutation(
        'fieldRating',
        w.outside,
        'patch',
        { rating: 5 },
        await version('fieldRating', w.outside),
      ),
      member.mutation('fieldRating', w.outside, 'delete'),
    ]);
    expect(codes(res)).toEqual([
      lockCode,
      lockCode,
      lockCode,
      status === 'submitted' ? 'conflict' : 'visit_approved',
      lockCode,
    ]);
    const q = await qm.sync([
      qm.mutation(
        'fieldRating',
        w.local,
        'patch',
        { rating: 1 },
        await version('fieldRating', w.local),
      ),
    ]);
    expect(codes(q)).toEqual([status === 'submitted' ? 'conflict' : 'visit_approved']);
    expect((await stored('fieldRating', w.outside)).data!['rating']).toBe(3);
    expect((await stored('fieldRating', w.local)).data!['rating']).toBe(3);
    expect((await stored('fieldRating', w.outside)).deleted).toBe(false);
    expect(await h.record('fieldRating', r.id)).toBeNull();
    // the coordinator still changes them
    const c = await coord.sync([
      coord.mutation(
        'fieldRating',
        w.outside,
        'patch',
        { rating: 4 },
        await version('fieldRating', w.outside),
      ),
    ]);
    expect(codes(c)).toEqual(['applied']);
  });

  it('lets a visitor decide a conflict on a tracking field, not on a rating', async () => {
    const w = await visitWith(status);
    const base = await version('followUp', w.need);
    await member.sync([
      member.mutation('followUp', w.need, 'patch', { matchStatus: 'agreed' }, base),
    ]);
    const res = await member2.sync([
      member2.mutation('followUp', w.need, 'patch', { matchStatus: 'declined' }, base),
    ]);
    expect(codes(res)).toEqual(['conflict']);
    const conflict = res.changes
      .filter((c) => c.entity === 'conflict')
      .map((c) => c.row as ConflictRecord)
      .find((c) => c.entityId === w.need)!;
    const decided = await member2.sync([
      member2.mutation('conflictResolution', conflict.id, 'patch', {
        conflictId: conflict.id,
        resolution: 'mine',
      }),
    ]);
    expect(codes(decided)).toEqual(['applied']);
    expect((await stored('followUp', w.need)).data!['matchStatus']).toBe('declined');
  });
});

describe('conflict decisions on advisory records follow their write rules', () => {
  /** Two devices of `a` and `b` write `fields` to the same record from the same base: the conflict. */
  async function conflictOn(
    a: Device,
    b: Device,
    entity: 'followUp' | 'fieldRating',
    id: string,
    first: Record<string, unknown>,
    second: Record<string, unknown>,
  ) {
    const base = await version(entity, id);
    expect(codes(await a.sync([a.mutation(entity, id, 'patch', first, base)]))).toEqual([
      'applied',
    ]);
    const res = await b.sync([b.mutation(entity, id, 'patch', second, base)]);
    expect(codes(res)).toEqual(['conflict']);
    return res.changes
      .filter((c) => c.entity === 'conflict')
      .map((c) => c.row as ConflictRecord)
      .find((c) => c.entityId === id)!;
  }
  const decide = (d: Device, c: ConflictRecord, resolution: string, value?: unknown) =>
    d.sync([
      d.mutation('conflictResolution', c.id, 'patch', {
        conflictId: c.id,
        resolution,
        ...(value === undefined ? {} : { value }),
      }),
    ]);

  it("a member cannot decide the self-assessment's conflict; the Quartiersmanagement can", async () => {
    const w = await visitWith('in-progress');
    const qm2 = makeDevice(h, qm.token);
    const c = await conflictOn(qm, qm2, 'fieldRating', w.local, { rating: 2 }, { rating: 4 });
    expect(codes(await decide(member, c, 'mine'))).toEqual(['forbidden']);
    expect(codes(await decide(member, c, 'edited', 5))).toEqual(['forbidden']);
    expect((await stored('fieldRating', w.local)).data!['rating']).toBe(2);
    expect(codes(await decide(qm2, c, 'mine'))).toEqual(['applied']);
    expect((await stored('fieldRating', w.local)).data!['rating']).toBe(4);
  });

  it('an edited decision links only an offer the server knows', async () => {
    const w = await visitWith('in-progress');
    const c = await conflictOn(
      member,
      member2,
      'followUp',
      w.need,
      { offerId: offer2 },
      { offerId: offer },
    );
    const made = '01900000-0000-7000-8000-000000000000';
    expect(codes(await decide(member2, c, 'edited', made))).toEqual(['invalid']);
    expect((await stored('followUp', w.need)).data!['offerId']).toBe(offer2);
  });
});

describe('deleting a visit', () => {
  it('tombstones its ratings, restoring brings them back, the purge removes them and their history', async () => {
    const w = await visitWith('in-progress');
    await coord.sync([coord.mutation('visit', w.visit, 'delete')]);
    for (const id of [w.local, w.outside])
      expect(await stored('fieldRating', id)).toMatchObject({
        deleted: true,
        deletedByCascade: true,
      });
    // a rating changed offline meanwhile is kept aside as an edit on a deleted record
    const late = await member.sync([
      member.mutation('fieldRating', w.outside, 'patch', { rating: 2 }),
    ]);
    expect(codes(late)).toEqual(['conflict']);
    expect((await stored('fieldRating', w.outside)).data!['rating']).toBe(3);
    await coord.sync([coord.mutation('visit', w.visit, 'restore')]);
    for (const id of [w.local, w.outside])
      expect(await stored('fieldRating', id)).toMatchObject({
        deleted: false,
        deletedByCascade: false,
      });
    await coord.sync([coord.mutation('visit', w.visit, 'delete')]);
    expect(
      (await h.read((tx) => tx.history.ofRecord('fieldRating', w.local, 0, 100))).length,
    ).toBeGreaterThan(0);
    const report = await purgeExpired(
      h.db,
      h.app.blobs.storage,
      new Date(Date.now() + 40 * 86_400_000),
      30,
    );
    expect(report.visits).toBeGreaterThanOrEqual(1);
    for (const id of [w.local, w.outside]) {
      expect((await stored('fieldRating', id)).data).toBeNull();
      expect(await h.read((tx) => tx.history.ofRecord('fieldRating', id, 0, 100))).toEqual([]);
    }
    const r = ratingFields(w.visit, 'outside', 'climate');
    expect(codes(await member.sync([member.mutation('fieldRating', r.id, 'create', r)]))).toEqual([
      'parent_missing',
    ]);
  });
});

describe('deleting an offer that needs link to', () => {
  it('keeps the links; the offer comes down as a tombstone with its row; a restore brings it back', async () => {
    const own = offerFields();
    const w = await visitWith('in-progress');
    const linked = await member.sync([
      member.mutation('offer', own.id, 'create', own),
      member.mutation(
        'followUp',
        w.need,
        'patch',
        { offerId: own.id },
        await version('followUp', w.need),
      ),
    ]);
    expect(codes(linked)).toEqual(['applied', 'applied']);
    expect(codes(await member.sync([member.mutation('offer', own.id, 'delete')]))).toEqual([
      'applied',
    ]);
    expect((await stored('followUp', w.need)).data!['offerId']).toBe(own.id);
    // A device pulls the deleted offer (deleted, with its title for "Angebot gelöscht") and the need.
    const fresh = makeDevice(h, memberToken);
    const changes = [];
    for (let more = true; more;) {
      const res = await fresh.sync([], { pullLimit: 1000 });
      changes.push(...res.changes);
      more = res.hasMore;
    }
    const tomb = changes.filter((c) => c.entityId === own.id).at(-1)!;
    expect(tomb).toMatchObject({ entity: 'offer', deleted: true });
    expect(tomb.row?.['title']).toBe(own.title);
    // A device offline since links the deleted offer: applied, so its need is not lost.
    const late = { ...followUpFields(w.visit, site), offerId: own.id, matchStatus: 'proposed' };
    expect(
      codes(await member2.sync([member2.mutation('followUp', late.id, 'create', late)])),
    ).toEqual(['applied']);
    expect(codes(await member.sync([member.mutation('offer', own.id, 'restore')]))).toEqual([
      'applied',
    ]);
    expect((await stored('offer', own.id)).deleted).toBe(false);
    expect((await stored('followUp', w.need)).data!['offerId']).toBe(own.id);
  });
});

describe("a rating's id", () => {
  it('must be <visitId>~<perspective>~<fieldId> of its own fields', async () => {
    const w = await visitWith('in-progress');
    const other = await visitWith('in-progress');
    const good = ratingFields(w.visit, 'outside', 'climate');
    const forged = [
      { ...good, id: `${w.visit}~outside~mobility` },
      { ...good, id: `${w.visit}~local~climate` },
      { ...good, id: `${other.visit}~outside~climate` },
      { ...good, id: `${w.visit}-outside-climate` },
    ];
    const res = await member.sync(
      forged.map((f) => member.mutation('fieldRating', f.id, 'create', f)),
    );
    expect(res.results.map((r) => [r.error?.code, r.error?.path])).toEqual(
      Array(4).fill(['invalid', 'id']),
    );
    for (const f of forged) expect(await h.record('fieldRating', f.id)).toBeNull();
  });

  it('fixes visit, field and perspective: a patch that moves them is refused', async () => {
    const w = await visitWith('in-progress');
    const other = await visitWith('in-progress');
    const res = await coord.sync([
      coord.mutation('fieldRating', w.outside, 'patch', { perspective: 'local' }),
      coord.mutation('fieldRating', w.outside, 'patch', { fieldId: 'climate' }),
      coord.mutation('fieldRating', w.outside, 'patch', { visitId: other.visit }),
      coord.mutation('fieldRating', w.outside, 'patch', { id: 'x' }),
    ]);
    expect(res.results.map((r) => [r.error?.code, r.error?.path])).toEqual([
      ['immutable_field', 'perspective'],
      ['immutable_field', 'fieldId'],
      ['immutable_field', 'visitId'],
      ['immutable_field', 'id'],
    ]);
    expect((await stored('fieldRating', w.outside)).data).toMatchObject({
      perspective: 'outside',
      fieldId: 'housing',
      visitId: w.visit,
    });
  });

  it('makes two devices rating one field offline meet as one record, a conflict when they differ', async () => {
    const w = await visitWith('in-progress');
    const a = { ...ratingFields(w.visit, 'outside', 'climate'), rating: 2 };
    const b = { ...a, rating: 4 };
    expect(codes(await member.sync([member.mutation('fieldRating', a.id, 'create', a)]))).toEqual([
      'applied',
    ]);
    expect(codes(await member2.sync([member2.mutation('fieldRating', b.id, 'create', b)]))).toEqual(
      ['conflict'],
    );
    expect((await stored('fieldRating', a.id)).data!['rating']).toBe(2);
  });
});

describe('history', () => {
  it("keeps a rating's changes and a need's tracking on an approved visit; a reader gets them", async () => {
    const w = await visitWith('approved');
    await coord.sync([
      coord.mutation(
        'fieldRating',
        w.outside,
        'patch',
        { rating: 5, note: 'deutlich besser' },
        await version('fieldRating', w.outside),
      ),
    ]);
    await member.sync([
      member.mutation(
        'followUp',
        w.need,
        'patch',
        { matchStatus: 'contacted' },
        await version('followUp', w.need),
      ),
    ]);
    const ratingRows = await h.read((tx) => tx.history.ofRecord('fieldRating', w.outside, 0, 100));
    expect(
      ratingRows
        .filter((r) => r.op === 'patch')
        .map((r) => r.field)
        .sort(),
    ).toEqual(['note', 'rating']);
    const res = await h.req(`/api/v1/history/fieldRating/${w.outside}`, { token: memberToken });
    expect(res.status).toBe(200);
    const page = (await res.json()) as HistoryPage;
    const patch = page.entries.find((e) => e.op === 'patch' && e.field === 'rating')!;
    expect([patch.from, patch.to]).toEqual([3, 5]);
    expect(page.complete).toBe(true);
    const need = await h.req(`/api/v1/history/followUp/${w.need}`, { token: qm.token });
    expect(need.status).toBe(200);
    const tracked = ((await need.json()) as HistoryPage).entries.find(
      (e) => e.field === 'matchStatus' && e.op === 'patch',
    )!;
    expect([tracked.from, tracked.to]).toEqual(['proposed', 'contacted']);
  });
});
