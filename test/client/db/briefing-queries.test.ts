// The briefing read from this device only: which visit counts as "previous", the findings per
// action field (with their photos and the open follow-ups), what changed between the last two
// visits, damaged rows skipped, and nothing of another site mixed in.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import { addPhoto } from '../../../src/client/db/photos';
import { rateField } from '../../../src/client/db/rating-mutators';
import {
  PREVIOUS_VISITS_LOOKED_AT,
  previousFindingsOf,
  previousVisitOf,
  siteBriefing,
} from '../../../src/client/db/briefing-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { sha256Hex } from '../../../src/client/photos/hash';
import { observationFields } from '../../support/rows';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

const NO_TEMPLATES = [] as const;

async function site(name = 'Hanau') {
  return createSite(db, { municipality: name, quarter: 'Lamboy' });
}
const visit = (siteId: string, date: string) => createVisit(db, { siteId, date }, NO_TEMPLATES);
const ids = (rows: readonly { id: string }[] | undefined) => (rows ?? []).map((r) => r.id);

/** A photo with distinct bytes (`n`) attached to an observation. */
async function photoOf(visitId: string, observationId: string | null, n: number) {
  const make = async (k: number) => {
    const blob = new Blob([new Uint8Array(64).fill(k)], { type: 'image/jpeg' });
    return { sha256: await sha256Hex(blob), blob, width: 800, height: 600 };
  };
  const { photo } = await addPhoto(
    db,
    { visitId, observationId },
    await make(n),
    await make(n + 100),
  );
  return photo;
}

/** Writes a row as a broken sync or backup would (schema-invalid), outside the mutators. */
async function putRaw(table: 'observations' | 'visits', row: object) {
  await db.transaction('rw', [db[table], db.outbox], () =>
    db[table].put({ _v: 1, _deleted: 0, ...row } as never),
  );
}

/** Sets when a follow-up last changed, as a pull from the server would (its `_by`). */
async function stampChange(id: string, updatedAt: string) {
  const by = {
    createdBy: 'u1',
    createdByName: 'Ana',
    createdAt: '2024-05-01T09:00:00.000Z',
    updatedBy: 'u2',
    updatedByName: 'Ben',
    updatedAt,
  };
  await db.transaction('rw', [db.followUps, db.outbox], () =>
    db.followUps.update(id, { _by: by } as never),
  );
}

describe('previous visit', () => {
  it('is the latest visit of the same site with an earlier date, ties by creation, deleted ones excluded', async () => {
    db = makeTestDb();
    const s = await site();
    const other = await site('Fulda');
    const oldest = await visit(s.id, '2024-04-10');
    const gone = await visit(s.id, '2025-09-01');
    const sameDayFirst = await visit(s.id, '2026-05-04');
    const sameDaySecond = await visit(s.id, '2026-05-04');
    const later = await visit(s.id, '2026-10-01');
    await visit(other.id, '2026-05-01'); // another site, nearer in time
    await deleteRecord(db, 'visit', gone.id);

    expect((await previousVisitOf(db, later.id))?.id).toBe(sameDaySecond.id);
    expect((await previousVisitOf(db, sameDaySecond.id))?.id).toBe(sameDayFirst.id);
    expect((await previousVisitOf(db, sameDayFirst.id))?.id).toBe(oldest.id); // not the deleted one
    expect(await previousVisitOf(db, oldest.id)).toBeNull();
    expect(await previousVisitOf(db, 'no-such-visit')).toBeNull();
  });
});

describe('previous findings on a new visit', () => {
  it('per field: the findings of the previous visit, or of the latest earlier visit that covered the field', async () => {
    db = makeTestDb();
    const s = await site();
    const first = await visit(s.id, '2025-03-01');
    const second = await visit(s.id, '2025-10-01');
    const now = await visit(s.id, '2026-05-04');
    const after = await visit(s.id, '2026-11-01');

    const climateOld = await addObservation(db, {
      visitId: first.id,
      fieldId: 'climate',
      text: 'Hitzeinseln am Markt',
      kind: 'challenge',
      rating: 2,
    });
    const housingOld = await addObservation(db, {
      visitId: first.id,
      fieldId: 'housing',
      text: 'alt, überholt',
    });
    const housing1 = await addObservation(db, {
      visitId: second.id,
      fieldId: 'housing',
      text: 'Sanierung begonnen',
      kind: 'strength',
      rating: 4,
    });
    const housing2 = await addObservation(db, {
      visitId: second.id,
      fieldId: 'housing',
      text: 'Mieterbeirat fehlt',
      kind: 'recommendation',
    });
    const general = await addObservation(db, {
      visitId: second.id,
      fieldId: null,
      text: 'Gute Stimmung',
    });
    const gone = await addObservation(db, { visitId: second.id, fieldId: 'mobility', text: 'x' });
    await deleteRecord(db, 'observation', gone.id);
    await addObservation(db, { visitId: now.id, fieldId: 'housing', text: 'heute' });
    await addObservation(db, { visitId: after.id, fieldId: 'mobility', text: 'später' });
    const photo = await photoOf(second.id, housing1.id, 1);

    const p = await previousFindingsOf(db, now.id);
    expect(p.previous?.id).toBe(second.id);
    expect(p.byField.housing?.visit.id).toBe(second.id);
    expect(ids(p.byField.housing?.findings)).toEqual([housing1.id, housing2.id]);
    // The previous visit did not look at the climate: the visit before it did.
    expect(p.byField.climate?.visit.id).toBe(first.id);
    expect(ids(p.byField.climate?.findings)).toEqual([climateOld.id]);
    expect(ids(p.byField.general?.findings)).toEqual([general.id]);
    // Deleted findings and later visits do not count; fields nobody covered before are absent.
    expect(p.byField.mobility).toBeUndefined();
    expect(p.byField.participation).toBeUndefined();
    expect(ids(p.photos[housing1.id])).toEqual([photo.id]);
    expect(ids(Object.values(p.byField).flatMap((g) => g!.findings))).not.toContain(housingOld.id);

    const none = await previousFindingsOf(db, first.id);
    expect(none.previous).toBeNull();
    expect(none.byField).toEqual({});
  });

  it(`looks back ${PREVIOUS_VISITS_LOOKED_AT} visits at most, across its reading steps`, async () => {
    db = makeTestDb();
    const s = await site();
    // Fifteen earlier visits, one per day; the field of each is covered only where said.
    const earlier: { id: string }[] = [];
    for (let d = 1; d <= 15; d++)
      earlier.push(await visit(s.id, `2026-01-${String(d).padStart(2, '0')}`));
    const now = await visit(s.id, '2026-02-01');
    const at = (back: number) => earlier[earlier.length - back]!; // 1 = the previous visit
    await addObservation(db, { visitId: at(5).id, fieldId: 'climate', text: 'fünf zurück' });
    await addObservation(db, {
      visitId: at(PREVIOUS_VISITS_LOOKED_AT).id,
      fieldId: 'housing',
      text: 'am Rand',
    });
    await addObservation(db, {
      visitId: at(PREVIOUS_VISITS_LOOKED_AT + 1).id,
      fieldId: 'mobility',
      text: 'zu alt',
    });
    await addObservation(db, { visitId: at(14).id, fieldId: 'climate', text: 'älter' });

    const p = await previousFindingsOf(db, now.id);
    expect(p.previous?.id).toBe(at(1).id);
    expect(p.byField.climate?.visit.id).toBe(at(5).id);
    expect(p.byField.housing?.visit.id).toBe(at(PREVIOUS_VISITS_LOOKED_AT).id);
    // Beyond the look-back: the site page's briefing shows it, the visit page does not.
    expect(p.byField.mobility).toBeUndefined();
  });
});

describe('previous findings with damaged rows', () => {
  it('skips a damaged visit and damaged findings: a field whose findings are all damaged looks further back', async () => {
    db = makeTestDb();
    const s = await site();
    const first = await visit(s.id, '2025-03-01');
    const second = await visit(s.id, '2025-10-01');
    const now = await visit(s.id, '2026-05-04');
    // Between the second visit and now: a visit whose phase no schema knows (unusable).
    await putRaw('visits', { ...second, id: 'bad-visit', date: '2026-01-10', phase: 'nonsense' });
    await putRaw('observations', { ...observationFields('bad-visit', 'o-bad-visit') });
    // A visit without its date orders as '' (oldest) and is skipped as well.
    const { date: _date, ...dateless } = { ...second, id: 'dateless' };
    await putRaw('visits', dateless);
    const climateOld = await addObservation(db, {
      visitId: first.id,
      fieldId: 'climate',
      text: 'Hitze',
    });
    const housing = await addObservation(db, {
      visitId: second.id,
      fieldId: 'housing',
      text: 'gut',
    });
    await putRaw('observations', {
      ...observationFields(second.id, 'o-bad-housing'),
      fieldId: 'housing',
      rating: 9,
    });
    // The second visit's only climate finding is damaged: the first visit's counts.
    await putRaw('observations', {
      ...observationFields(second.id, 'o-bad-climate'),
      fieldId: 'climate',
      kind: 'nonsense',
    });

    const p = await previousFindingsOf(db, now.id);
    expect(p.previous?.id).toBe(second.id);
    expect(ids(p.byField.housing?.findings)).toEqual([housing.id]);
    expect(p.byField.climate?.visit.id).toBe(first.id);
    expect(ids(p.byField.climate?.findings)).toEqual([climateOld.id]);
    expect(await previousVisitOf(db, now.id)).toMatchObject({ id: second.id });
  });
});

describe('site briefing', () => {
  it('groups the last visits’ findings per action field, newest visit first, with photos and open follow-ups', async () => {
    db = makeTestDb();
    const s = await site();
    const v1 = await visit(s.id, '2024-05-01');
    const v2 = await visit(s.id, '2025-05-01');
    const v3 = await visit(s.id, '2026-05-01');
    await visit(s.id, '2026-12-01'); // planned, nothing recorded yet
    await addObservation(db, { visitId: v1.id, fieldId: 'housing', text: 'ältest' });
    const h2 = await addObservation(db, { visitId: v2.id, fieldId: 'housing', text: 'vorig' });
    const h3 = await addObservation(db, {
      visitId: v3.id,
      fieldId: 'housing',
      text: 'zuletzt',
      rating: 3,
    });
    const c1 = await addObservation(db, { visitId: v1.id, fieldId: 'climate', text: 'Klima' });
    const g3 = await addObservation(db, { visitId: v3.id, fieldId: null, text: 'allgemein' });
    const onObs = await photoOf(v3.id, h3.id, 1);
    const ofVisit = await photoOf(v3.id, null, 2);
    const need = await addFollowUp(db, {
      visitId: v2.id,
      description: 'Beratung Mieterbeirat',
      fieldId: 'housing',
    });
    const sooner = await addFollowUp(db, {
      visitId: v3.id,
      description: 'Hofbegehung',
      fieldId: 'housing',
      dueDate: '2026-07-01',
    });
    const generalStep = await addFollowUp(db, { visitId: v3.id, description: 'Termin IHK' });
    const done = await addFollowUp(db, {
      visitId: v2.id,
      description: 'erledigt',
      fieldId: 'housing',
    });
    await updateFollowUp(db, done.id, { status: 'done' });

    const b = await siteBriefing(db, s.id);
    const housing = b.fields.find((f) => f.fieldId === 'housing')!;
    // The last two visits that looked at the field, newest first.
    expect(housing.groups.map((g) => g.visit.id)).toEqual([v3.id, v2.id]);
    expect(ids(housing.groups[0]!.findings)).toEqual([h3.id]);
    expect(ids(housing.groups[1]!.findings)).toEqual([h2.id]);
    expect(ids(housing.openFollowUps)).toEqual([sooner.id, need.id]); // earliest due first
    // A field last covered long ago still shows, with that visit.
    const climate = b.fields.find((f) => f.fieldId === 'climate')!;
    expect(climate.groups.map((g) => g.visit.id)).toEqual([v1.id]);
    expect(ids(climate.groups[0]!.findings)).toEqual([c1.id]);
    const general = b.fields.find((f) => f.fieldId === null)!;
    expect(ids(general.groups[0]!.findings)).toEqual([g3.id]);
    expect(ids(general.openFollowUps)).toEqual([generalStep.id]);
    const mobility = b.fields.find((f) => f.fieldId === 'mobility')!;
    expect(mobility.groups).toEqual([]);
    expect(mobility.openFollowUps).toEqual([]);
    // Themes in order, their fields in order, the visit-level notes last.
    expect(b.fields.map((f) => f.fieldId)).toEqual([
      'infrastructure',
      'neighbourhood',
      'participation',
      'housing',
      'public-spaces',
      'image-safety',
      'climate',
      'mobility',
      'local-supply',
      'local-economy',
      null,
    ]);
    expect(ids(b.photos[h3.id])).toEqual([onObs.id]);
    expect(ids(b.visitPhotos[v3.id])).toEqual([ofVisit.id]);
    expect(b.latest?.id).toBe(v3.id);
  });

  it('says what changed since the previous visit: follow-ups new and closed, ratings up and down, fields newly covered', async () => {
    db = makeTestDb();
    const s = await site();
    const before = await visit(s.id, '2024-05-01');
    const previous = await visit(s.id, '2025-05-01');
    const latest = await visit(s.id, '2026-05-01');
    await visit(s.id, '2026-12-01'); // planned: does not count as "the last visit"
    const obs = (visitId: string, fieldId: 'housing' | 'climate' | 'mobility', rating: number) =>
      addObservation(db, { visitId, fieldId, rating, text: `${fieldId} ${rating}` });
    await obs(previous.id, 'housing', 2);
    await obs(previous.id, 'housing', 3); // average 2.5
    await obs(latest.id, 'housing', 4); // up
    await obs(previous.id, 'climate', 4);
    await obs(latest.id, 'climate', 3); // down
    await obs(latest.id, 'mobility', 5); // newly covered
    await addObservation(db, {
      visitId: previous.id,
      fieldId: 'participation',
      text: 'unbewertet',
    });
    await addObservation(db, { visitId: latest.id, fieldId: 'participation', text: 'unbewertet' });
    await addObservation(db, {
      visitId: previous.id,
      fieldId: 'public-spaces',
      text: 'nur vorher',
    });
    const agreedBefore = await addFollowUp(db, { visitId: previous.id, description: 'Beirat' });
    const stillOpen = await addFollowUp(db, { visitId: previous.id, description: 'offen' });
    const closedLongAgo = await addFollowUp(db, { visitId: before.id, description: 'alt' });
    const closedLater = await addFollowUp(db, { visitId: before.id, description: 'später zu' });
    const fresh = await addFollowUp(db, { visitId: latest.id, description: 'neu' });
    await updateFollowUp(db, agreedBefore.id, { status: 'done' });
    await updateFollowUp(db, closedLongAgo.id, { status: 'dropped' });
    await updateFollowUp(db, closedLater.id, { status: 'done' });
    // When a follow-up of an older visit was closed is known from its last change (its authors).
    await stampChange(closedLongAgo.id, '2024-09-01T10:00:00.000Z');
    await stampChange(closedLater.id, '2025-08-01T10:00:00.000Z');

    const { since } = await siteBriefing(db, s.id);
    expect(since?.latest.id).toBe(latest.id);
    expect(since?.previous.id).toBe(previous.id);
    expect(ids(since?.newFollowUps)).toEqual([fresh.id]);
    expect(ids(since?.closedFollowUps)).toEqual([agreedBefore.id, closedLater.id]);
    expect(ids(since?.closedFollowUps)).not.toContain(stillOpen.id);
    // No field ratings at these visits: the findings' ratings, averaged per kind (all strengths).
    expect(since?.ratings).toEqual([
      { fieldId: 'housing', basis: { kind: 'strength' }, before: 2.5, after: 4 },
      { fieldId: 'climate', basis: { kind: 'strength' }, before: 4, after: 3 },
    ]);
    expect(since?.newlyCovered).toEqual(['mobility']);
    expect(since?.noLongerCovered).toEqual(['public-spaces']);
  });

  it('compares field ratings per perspective; else findings per kind, never one average across kinds', async () => {
    db = makeTestDb();
    const s = await site();
    const previous = await visit(s.id, '2025-05-01');
    const latest = await visit(s.id, '2026-05-01');
    const obs = (
      visitId: string,
      fieldId: 'housing' | 'climate' | 'mobility',
      kind: 'strength' | 'challenge',
      rating: number,
    ) => addObservation(db, { visitId, fieldId, kind, rating, text: `${kind} ${rating}` });
    // Housing: rated at both visits; the outside view went up, the local view stayed; the
    // findings' averages moved as well but the ratings are what is compared.
    await rateField(db, previous.id, 'outside', 'housing', { rating: 2 });
    await rateField(db, latest.id, 'outside', 'housing', { rating: 4 });
    await rateField(db, previous.id, 'local', 'housing', { rating: 3 });
    await rateField(db, latest.id, 'local', 'housing', { rating: 3 });
    await obs(previous.id, 'housing', 'strength', 1);
    await obs(latest.id, 'housing', 'strength', 5);
    // Climate: a strength stayed at 4, a challenge rated 2 was added. One average across kinds
    // would say 4 → 3 "down"; per kind nothing comparable changed.
    await obs(previous.id, 'climate', 'strength', 4);
    await obs(latest.id, 'climate', 'strength', 4);
    await obs(latest.id, 'climate', 'challenge', 2);
    // Mobility: rated only at the latest visit (local), so its findings are compared per kind:
    // strengths 3 → 4 and challenges 2 → 1, each by itself.
    await rateField(db, latest.id, 'local', 'mobility', { rating: 5 });
    await obs(previous.id, 'mobility', 'strength', 3);
    await obs(previous.id, 'mobility', 'challenge', 2);
    await obs(latest.id, 'mobility', 'strength', 4);
    await obs(latest.id, 'mobility', 'challenge', 1);
    // An unrated rating row (a note alone) is no rating.
    await rateField(db, previous.id, 'outside', 'climate', { note: 'nur Notiz' });
    await rateField(db, latest.id, 'outside', 'climate', { note: 'nur Notiz' });

    const { since } = await siteBriefing(db, s.id);
    expect(since?.ratings).toEqual([
      { fieldId: 'housing', basis: { view: 'outside' }, before: 2, after: 4 },
      { fieldId: 'mobility', basis: { kind: 'strength' }, before: 3, after: 4 },
      { fieldId: 'mobility', basis: { kind: 'challenge' }, before: 2, after: 1 },
    ]);
  });

  it('has no comparison with fewer than two visits with findings', async () => {
    db = makeTestDb();
    const s = await site();
    const only = await visit(s.id, '2026-05-01');
    await visit(s.id, '2026-12-01');
    expect((await siteBriefing(db, s.id)).since).toBeNull();
    await addObservation(db, { visitId: only.id, fieldId: 'housing', text: 'eins' });
    const b = await siteBriefing(db, s.id);
    expect(b.since).toBeNull();
    expect(b.latest?.id).toBe(only.id);
  });

  it('skips damaged rows and never mixes in another site', async () => {
    db = makeTestDb();
    const s = await site();
    const other = await site('Fulda');
    const v = await visit(s.id, '2026-05-01');
    const elsewhere = await visit(other.id, '2026-06-01');
    const good = await addObservation(db, { visitId: v.id, fieldId: 'housing', text: 'gut' });
    await addObservation(db, { visitId: elsewhere.id, fieldId: 'housing', text: 'anderswo' });
    await addFollowUp(db, { visitId: elsewhere.id, description: 'anderswo', fieldId: 'housing' });
    // A finding whose rating is out of range and a visit without its date (both unusable).
    await putRaw('observations', {
      ...observationFields(v.id, 'bad-obs'),
      fieldId: 'housing',
      rating: 9,
    });
    const { date: _date, ...dateless } = { ...v, id: 'bad-visit' };
    await putRaw('visits', dateless);
    await putRaw('observations', {
      ...observationFields('bad-visit', 'orphan-obs'),
      fieldId: 'housing',
    });

    const b = await siteBriefing(db, s.id);
    const housing = b.fields.find((f) => f.fieldId === 'housing')!;
    expect(housing.groups.map((g) => g.visit.id)).toEqual([v.id]);
    expect(ids(housing.groups[0]!.findings)).toEqual([good.id]);
    expect(housing.openFollowUps).toEqual([]);
    expect(b.since).toBeNull();

    // A device that holds only one site (a Quartiersmanagement account) briefs on what it has.
    const empty = await siteBriefing(db, 'not-on-this-device');
    expect(empty.latest).toBeNull();
    expect(empty.fields.every((f) => f.groups.length === 0 && f.openFollowUps.length === 0)).toBe(
      true,
    );
  });
});
