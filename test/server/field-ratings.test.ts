// Ratings of the action fields on the server (docs/domain.md §Ratings): each role gives only its
// own perspective, a Quartiersmanagement only at its site, the id names visit, perspective and
// field, two devices' creates of the same rating meet as one record (a conflict where they
// differ), and a Quartiersmanagement pulls only its own site's ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Perspective, fieldRatingId } from '../../src/shared/domain/schemas';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  outcome,
  ratingFields,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
let admin: Device, member: Device, qm: Device;
let ownVisit: string, otherVisit: string, ownVisitSite: string;

const rating = (
  visitId: string,
  perspective: Perspective,
  fieldId?: string,
  extra: Record<string, unknown> = {},
) => ({ ...ratingFields(visitId, perspective, fieldId), ...extra });

const create = (d: Device, row: ReturnType<typeof rating>) =>
  d.mutation('fieldRating', row.id, 'create', row);

beforeAll(async () => {
  h = await makeHarness();
  const coord = await h.user('coordinator');
  admin = makeDevice(h, coord.token);
  const a = siteFields(),
    b = siteFields();
  const va = visitFields(a.id),
    vb = visitFields(b.id);
  const res = await admin.sync([
    admin.mutation('site', a.id, 'create', a),
    admin.mutation('site', b.id, 'create', b),
    admin.mutation('visit', va.id, 'create', va),
    admin.mutation('visit', vb.id, 'create', vb),
  ]);
  expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  ownVisit = va.id;
  ownVisitSite = a.id;
  otherVisit = vb.id;
  member = makeDevice(h, (await h.user('member')).token);
  qm = makeDevice(h, (await h.user('quartiersmanagement', a.id)).token);
});
afterAll(() => h.close());

describe('who rates which perspective', () => {
  it("a member's local rating is refused (forbidden, path perspective); its outside rating applies", async () => {
    expect(await outcome(member, create(member, rating(ownVisit, 'local', 'neighbourhood')))).toBe(
      'forbidden@perspective',
    );
    expect(
      await outcome(member, create(member, rating(ownVisit, 'outside', 'neighbourhood'))),
    ).toBe('applied');
  });

  it("a Quartiersmanagement's outside rating is refused; its local rating at its site applies", async () => {
    expect(await outcome(qm, create(qm, rating(ownVisit, 'outside', 'image-safety')))).toBe(
      'forbidden@perspective',
    );
    expect(await outcome(qm, create(qm, rating(ownVisit, 'local', 'participation')))).toBe(
      'applied',
    );
  });

  it('a Quartiersmanagement rating a visit of another site is refused as if the visit did not exist', async () => {
    expect(await outcome(qm, create(qm, rating(otherVisit, 'local', 'participation')))).toBe(
      'parent_missing@visitId',
    );
  });

  it('a later patch of the other perspective is refused as well (the stored row decides)', async () => {
    const row = rating(ownVisit, 'outside', 'mobility');
    expect(await outcome(member, create(member, row))).toBe('applied');
    expect(await outcome(qm, qm.mutation('fieldRating', row.id, 'patch', { rating: 1 }))).toBe(
      'forbidden@perspective',
    );
  });

  it('a coordinator gives both perspectives', async () => {
    for (const p of ['local', 'outside'] as const)
      expect(await outcome(admin, create(admin, rating(ownVisit, p, 'local-supply')))).toBe(
        'applied',
      );
  });
});

describe('a locked visit', () => {
  it('takes no rating from its visitors once submitted; the coordination may still correct one', async () => {
    const v = visitFields(ownVisitSite);
    expect(await outcome(admin, admin.mutation('visit', v.id, 'create', v))).toBe('applied');
    expect(await outcome(qm, create(qm, rating(v.id, 'local', 'housing')))).toBe('applied');
    await admin.sync([], { cursor: null });
    expect(
      await outcome(admin, admin.mutation('visit', v.id, 'patch', { status: 'submitted' })),
    ).toBe('applied');
    const local = fieldRatingId(v.id, 'local', 'housing');
    // A patch is held back as a conflict (nothing typed is lost), a new rating refused.
    expect(await outcome(qm, qm.mutation('fieldRating', local, 'patch', { rating: 5 }))).toBe(
      'conflict',
    );
    expect(await outcome(member, create(member, rating(v.id, 'outside', 'housing')))).toBe(
      'visit_submitted',
    );
    expect(await outcome(admin, admin.mutation('fieldRating', local, 'patch', { rating: 2 }))).toBe(
      'applied',
    );
    const stored = (await admin.sync([], { cursor: null })).changes.filter(
      (c) => c.entityId === local,
    );
    expect(stored.at(-1)!.row).toMatchObject({ rating: 2 });
  });
});

describe('bad input', () => {
  it('an id that is not <visitId>~<perspective>~<fieldId> is refused (invalid, path id)', async () => {
    const wrongField = {
      ...rating(ownVisit, 'outside', 'local-economy'),
      id: fieldRatingId(ownVisit, 'outside', 'housing') + 'x',
    };
    expect(await outcome(member, create(member, wrongField))).toBe('invalid@id');
    const swapped = {
      ...rating(ownVisit, 'outside', 'local-economy'),
      id: fieldRatingId(ownVisit, 'local', 'local-economy'),
    };
    expect(await outcome(member, create(member, swapped))).toBe('invalid@id');
  });

  it('a rating outside 1–5 or an unknown field is refused', async () => {
    const six = rating(ownVisit, 'outside', 'local-economy', { rating: 6 });
    expect(await outcome(member, create(member, six))).toMatch(/^invalid@rating/);
    const unknown = rating(ownVisit, 'outside', 'nowhere');
    expect(await outcome(member, create(member, unknown))).toMatch(/^invalid@fieldId/);
  });
});

describe('two devices rating the same field offline', () => {
  it('their creates merge into one record; differing values are a field conflict', async () => {
    const one = makeDevice(h, (await h.user('member')).token);
    const two = makeDevice(h, (await h.user('member')).token);
    const first = rating(ownVisit, 'outside', 'public-spaces', {
      rating: 2,
      note: 'Treffpunkt fehlt',
    });
    const second = rating(ownVisit, 'outside', 'public-spaces', {
      rating: 4,
      note: 'Treffpunkt fehlt',
    });
    expect(first.id).toBe(second.id);
    expect(await outcome(one, create(one, first))).toBe('applied');
    const res: SyncResponse = await two.sync([create(two, second)]);
    expect(res.results[0]!.status).toBe('conflict');
    const conflicts = res.changes
      .filter((c) => c.entity === 'conflict')
      .map((c) => c.row as ConflictRecord)
      .filter((c) => c.entityId === first.id);
    expect(conflicts.map((c) => [c.entityId, c.field, c.serverValue, c.clientValue])).toEqual([
      [first.id, 'rating', 2, 4],
    ]);
    const rows = (await admin.sync([], { cursor: null })).changes.filter(
      (c) => c.entity === 'fieldRating' && c.entityId === first.id,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toMatchObject({ rating: 2, note: 'Treffpunkt fehlt' });
  });

  it('equal values merge without a conflict', async () => {
    const one = makeDevice(h, (await h.user('member')).token);
    const two = makeDevice(h, (await h.user('member')).token);
    const row = rating(ownVisit, 'outside', 'climate', { rating: 5 });
    expect(await outcome(one, create(one, row))).toBe('applied');
    expect(await outcome(two, create(two, row))).toBe('applied');
  });
});

describe('reading', () => {
  it("a Quartiersmanagement pulls only its own site's ratings", async () => {
    const elsewhere = rating(otherVisit, 'outside', 'image-safety');
    expect(await outcome(admin, create(admin, elsewhere))).toBe('applied');
    const pulled = (await qm.sync([], { cursor: null })).changes
      .filter((c) => c.entity === 'fieldRating')
      .map((c) => (c.row as { visitId: string }).visitId);
    expect(pulled).toContain(ownVisit);
    expect(pulled).not.toContain(otherVisit);
    const all = (await admin.sync([], { cursor: null })).changes
      .filter((c) => c.entity === 'fieldRating')
      .map((c) => c.entityId);
    expect(all).toContain(elsewhere.id);
  });
});
