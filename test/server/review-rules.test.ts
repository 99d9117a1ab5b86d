// The review loop on the real server (src/server/sync/review-rules.ts, docs/architecture.md
// §Review): every status move per role against the shared policy, the lock of an approved visit,
// an offline edit of a submitted visit held back as a conflict, and the server's review stamp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitStatus } from '../../src/shared/domain/schemas';
import { VISIT_STATUSES } from '../../src/shared/domain/vocab';
import { mayMoveVisit } from '../../src/shared/policy';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
let coordDevice: Device;
let site: string;
let otherSite: string;
type Person = 'member' | 'qm' | 'qmOther' | 'coordinator';
const people = {} as Record<Person, { id: string; token: string; name: string }>;
const devices = {} as Record<Person, Device>;

beforeAll(async () => {
  h = await makeHarness();
  const coord = await h.user('coordinator');
  coordDevice = makeDevice(h, coord.token);
  const s1 = siteFields(),
    s2 = siteFields();
  site = s1.id;
  otherSite = s2.id;
  await coordDevice.sync([
    coordDevice.mutation('site', s1.id, 'create', s1),
    coordDevice.mutation('site', s2.id, 'create', s2),
  ]);
  people.coordinator = coord;
  people.member = await h.user('member');
  people.qm = await h.user('quartiersmanagement', site);
  people.qmOther = await h.user('quartiersmanagement', otherSite);
  for (const p of Object.keys(people) as Person[]) devices[p] = makeDevice(h, people[p].token);
});
afterAll(() => h.close());

/** A visit at `site` in `status`, created by the coordinator; returns its id and server version. */
async function visitIn(status: VisitStatus) {
  const v = { ...visitFields(site), status: status === 'done' ? 'planned' : status };
  const res = await coordDevice.sync([coordDevice.mutation('visit', v.id, 'create', v)]);
  if (status === 'done') await setStoredStatus(v.id, 'done');
  return { id: v.id, version: res.results[0]!.serverSeq! };
}

/** Data from before the review loop: only a stored row can still say `done`. */
function setStoredStatus(id: string, status: VisitStatus) {
  return h.write(async (tx) => {
    const r = (await tx.sync.record('visit', id))!;
    await tx.sync.writeRecord({ ...r, data: { ...r.data, status } });
  });
}

const outcome = (res: SyncResponse) => {
  const r = res.results[0]!;
  return r.status === 'rejected' ? r.error!.code : r.status;
};
const stored = async (entity: 'visit' | 'observation', id: string) =>
  (await h.record(entity, id))!.data;

const STATES = Object.keys(VISIT_STATUSES) as VisitStatus[];

describe('every status move per role, as the shared policy says', () => {
  const cells: [Person, VisitStatus, VisitStatus][] = [];
  for (const p of ['member', 'qm', 'qmOther', 'coordinator'] as const)
    for (const from of STATES) for (const to of STATES) if (from !== to) cells.push([p, from, to]);

  it.each(cells)('%s: %s → %s', async (p, from, to) => {
    const v = await visitIn(from);
    const d = devices[p];
    const res = await d.sync([d.mutation('visit', v.id, 'patch', { status: to }, v.version)]);
    const person = { ...people[p], email: '', disabled: false };
    const user =
      p === 'coordinator'
        ? { ...person, role: 'coordinator' as const, siteId: null }
        : p === 'member'
          ? { ...person, role: 'member' as const, siteId: null }
          : {
              ...person,
              role: 'quartiersmanagement' as const,
              siteId: p === 'qm' ? site : otherSite,
            };
    const allowed = mayMoveVisit(user, from, to, site);
    const expected =
      p === 'qmOther'
        ? 'not_found'
        : allowed
          ? 'applied'
          : from === 'approved' && p !== 'coordinator'
            ? 'visit_approved'
            : 'status_transition';
    expect(outcome(res)).toBe(expected);
    expect((await stored('visit', v.id))['status']).toBe(allowed && p !== 'qmOther' ? to : from);
  });
});

describe('a new visit starts where its creator may move a planned one', () => {
  it.each([
    ['member', 'planned', 'applied'],
    ['member', 'in-progress', 'applied'],
    ['member', 'submitted', 'status_transition'],
    ['member', 'approved', 'status_transition'],
    ['qm', 'returned', 'status_transition'],
    ['coordinator', 'approved', 'applied'],
    // an app from before the review loop finishes a visit as `done` (treated as submitted)
    ['coordinator', 'done', 'applied'],
    ['member', 'done', 'applied'],
  ] as const)('%s creates a visit %s: %s', async (p, status, expected) => {
    const d = devices[p];
    const v = { ...visitFields(site), status };
    expect(outcome(await d.sync([d.mutation('visit', v.id, 'create', v)]))).toBe(expected);
  });
});

describe('a disabled account', () => {
  it('moves nothing: its token no longer syncs', async () => {
    const u = await h.user('member');
    const d = makeDevice(h, u.token);
    const v = await visitIn('in-progress');
    const off = await h.req(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      token: people.coordinator.token,
      json: { disabled: true },
    });
    expect(off.status).toBe(200);
    const res = await d.post(
      d.request([d.mutation('visit', v.id, 'patch', { status: 'submitted' })]),
    );
    expect(res.status).toBe(401);
    expect((await stored('visit', v.id))['status']).toBe('in-progress');
  });
});

describe('an approved visit', () => {
  it('refuses every write of a visitor as visit_approved and applies the coordinator’s', async () => {
    const v = await visitIn('in-progress');
    const obs = observationFields(v.id);
    await coordDevice.sync([coordDevice.mutation('observation', obs.id, 'create', obs)]);
    await coordDevice.sync([coordDevice.mutation('visit', v.id, 'patch', { status: 'approved' })]);
    const m = devices.member;
    const late = observationFields(v.id);
    const res = await m.sync([
      m.mutation('visit', v.id, 'patch', { goals: 'nachträglich' }),
      m.mutation('observation', obs.id, 'patch', { text: 'nachträglich' }),
      m.mutation('observation', late.id, 'create', late),
      m.mutation('observation', obs.id, 'delete'),
    ]);
    expect(res.results.map((r) => r.error?.code)).toEqual([
      'visit_approved',
      'visit_approved',
      'visit_approved',
      'visit_approved',
    ]);
    expect((await stored('observation', obs.id))['text']).toBe(obs.text);
    const c = await coordDevice.sync([
      coordDevice.mutation('visit', v.id, 'patch', { goals: 'Koordination ergänzt' }),
      coordDevice.mutation('observation', obs.id, 'patch', { text: 'Koordination ergänzt' }),
    ]);
    expect(c.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await stored('visit', v.id)).toMatchObject({
      status: 'approved',
      goals: 'Koordination ergänzt',
    });
  });
});

describe('who reviewed is stamped by the server', () => {
  it('approving and returning record the pushing account and the time', async () => {
    const v = await visitIn('submitted');
    const before = Date.now();
    await coordDevice.sync([coordDevice.mutation('visit', v.id, 'patch', { status: 'returned' })]);
    const row = await stored('visit', v.id);
    expect(row).toMatchObject({
      status: 'returned',
      reviewedBy: people.coordinator.id,
      reviewedByName: people.coordinator.name,
    });
    expect(Date.parse(row['reviewedAt'] as string)).toBeGreaterThanOrEqual(before - 1000);
    // pulled like every other field
    const m = makeDevice(h, people.member.token);
    let pulled: Record<string, unknown> | null = null;
    for (let more = true; more;) {
      const res = await m.sync([], { pullLimit: 5000 });
      pulled = res.changes.find((c) => c.entityId === v.id)?.row ?? pulled;
      more = res.hasMore;
    }
    expect(pulled).toMatchObject({ reviewedBy: people.coordinator.id, status: 'returned' });
  });

  it('a device cannot forge it: a create or patch carrying a review field is refused', async () => {
    const v = await visitIn('submitted');
    const c = coordDevice;
    const forged = { ...visitFields(site), reviewedBy: people.member.id };
    const res = await c.sync([
      c.mutation('visit', v.id, 'patch', { status: 'approved', reviewedBy: people.member.id }),
      c.mutation('visit', v.id, 'patch', { reviewedByName: 'Jemand' }),
      c.mutation('visit', forged.id, 'create', forged),
    ]);
    expect(res.results.map((r) => [r.error?.code, r.error?.path])).toEqual([
      ['invalid', 'reviewedBy'],
      ['invalid', 'reviewedByName'],
      ['invalid', 'reviewedBy'],
    ]);
    expect((await stored('visit', v.id))['status']).toBe('submitted');
    expect((await stored('visit', v.id))['reviewedBy']).toBeUndefined();
  });
});

describe('an offline edit of a submitted visit', () => {
  it('becomes a conflict, not applied; resolvable by the visitor only after a return', async () => {
    const m1 = makeDevice(h, people.member.token);
    const m2 = makeDevice(h, people.member.token);
    const v = { ...visitFields(site), status: 'in-progress' as const };
    const obs = observationFields(v.id);
    const created = await m1.sync([
      m1.mutation('visit', v.id, 'create', v),
      m1.mutation('observation', obs.id, 'create', obs),
    ]);
    const base = created.results[1]!.serverSeq!;
    await m2.sync();
    const extra = observationFields(v.id);
    // device 1 submits; device 2, offline since, edits the observation and the visit notes
    expect(
      outcome(await m1.sync([m1.mutation('visit', v.id, 'patch', { status: 'submitted' })])),
    ).toBe('applied');
    const res = await m2.sync([
      m2.mutation('observation', obs.id, 'patch', { text: 'offline ergänzt' }, base),
      m2.mutation('visit', v.id, 'patch', { notes: 'offline Notiz' }, base),
      m2.mutation('observation', extra.id, 'create', extra),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['conflict', 'conflict', 'rejected']);
    expect(res.results[2]!.error?.code).toBe('visit_submitted');
    expect((await stored('observation', obs.id))['text']).toBe(obs.text);
    expect((await stored('visit', v.id))['notes']).toBe(v.notes);
    const conflicts = res.changes
      .filter((c) => c.entity === 'conflict')
      .map((c) => c.row as ConflictRecord);
    const onObs = conflicts.find((c) => c.entityId === obs.id)!;
    expect(onObs).toMatchObject({
      kind: 'field',
      field: 'text',
      serverValue: obs.text,
      clientValue: 'offline ergänzt',
      status: 'open',
    });
    // while submitted, only a coordinator decides
    const early = await m2.sync([
      m2.mutation('conflictResolution', onObs.id, 'patch', {
        conflictId: onObs.id,
        resolution: 'mine',
      }),
    ]);
    expect(outcome(early)).toBe('visit_submitted');
    const seen = (await h.record('visit', v.id))!.version;
    await coordDevice.sync([
      coordDevice.mutation('visit', v.id, 'patch', { status: 'returned' }, seen),
    ]);
    const late = await m2.sync([
      m2.mutation('conflictResolution', onObs.id, 'patch', {
        conflictId: onObs.id,
        resolution: 'mine',
      }),
    ]);
    expect(outcome(late)).toBe('applied');
    expect((await stored('observation', obs.id))['text']).toBe('offline ergänzt');
  });

  it('a coordinator decides it while the visit is submitted; a legacy done visit holds edits too', async () => {
    const v = await visitIn('done');
    const m = devices.member;
    const res = await m.sync([m.mutation('visit', v.id, 'patch', { goals: 'später' }, v.version)]);
    expect(outcome(res)).toBe('conflict');
    const conflictId = res.results[0]!.conflictIds![0]!;
    const c = coordDevice;
    const decided = await c.sync([
      c.mutation('conflictResolution', conflictId, 'patch', { conflictId, resolution: 'mine' }),
    ]);
    expect(outcome(decided)).toBe('applied');
    expect(await stored('visit', v.id)).toMatchObject({ status: 'done', goals: 'später' });
  });

  it('the visitor withdraws a submission before it is reviewed, then edits again', async () => {
    const v = await visitIn('submitted');
    const m = devices.member;
    const res = await m.sync([
      m.mutation('visit', v.id, 'patch', { status: 'in-progress' }),
      m.mutation('visit', v.id, 'patch', { goals: 'nach dem Zurückziehen' }),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await stored('visit', v.id)).toMatchObject({
      status: 'in-progress',
      goals: 'nach dem Zurückziehen',
    });
  });
});
