// Every role × every resource: what each role may do to its own site and to another site
// (src/shared/policy.ts). Forbidden mutations are rejection records; other sites' records are not_found.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/domain/schemas';
import type { Mutation } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  checklistFields,
  followUpFields,
  makeDevice,
  makeHarness,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../support/server';

const CHILDREN = ['checklistItem', 'observation', 'followUp', 'photo'] as const;
type Child = (typeof CHILDREN)[number];
type World = {
  own: string;
  other: string;
  ownVisit: string;
  otherVisit: string;
  ownObs: string;
  otherObs: string;
  child: Record<'own' | 'other', Record<Child, string>>;
};
type Case = {
  name: string;
  make: (d: Device, w: World) => Promise<Mutation> | Mutation;
  expect: Record<Role, string>;
};

const ok = 'applied';
const all = (s: string): Record<Role, string> => ({
  member: s,
  quartiersmanagement: s,
  coordinator: s,
});

const CASES: Case[] = [
  {
    name: 'site create',
    make: (d) => {
      const s = siteFields();
      return d.mutation('site', s.id, 'create', s);
    },
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: ok },
  },
  {
    name: 'site patch (own site)',
    make: (d, w) => d.mutation('site', w.own, 'patch', { notes: 'n' }),
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: ok },
  },
  {
    name: 'site patch (other site)',
    make: (d, w) => d.mutation('site', w.other, 'patch', { notes: 'n' }),
    expect: { member: 'forbidden', quartiersmanagement: 'not_found', coordinator: ok },
  },
  {
    name: 'visit patch (own site)',
    make: (d, w) => d.mutation('visit', w.ownVisit, 'patch', { goals: uuidv7() }),
    expect: all(ok),
  },
  {
    name: 'visit patch (other site)',
    make: (d, w) => d.mutation('visit', w.otherVisit, 'patch', { goals: uuidv7() }),
    expect: { member: ok, quartiersmanagement: 'not_found', coordinator: ok },
  },
  {
    name: "visit delete (someone else's)",
    make: (d, w) => d.mutation('visit', w.ownVisit, 'delete'),
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: ok },
  },
  {
    name: 'observation patch (other site)',
    make: (d, w) => d.mutation('observation', w.otherObs, 'patch', { text: uuidv7() }),
    expect: { member: ok, quartiersmanagement: 'not_found', coordinator: ok },
  },
  {
    name: 'observation delete (own site)',
    make: (d, w) => d.mutation('observation', w.ownObs, 'delete'),
    expect: all(ok),
  },
  {
    name: 'observation delete (other site)',
    make: (d, w) => d.mutation('observation', w.otherObs, 'delete'),
    expect: { member: ok, quartiersmanagement: 'not_found', coordinator: ok },
  },
];

// Generated: creating a visit and every child, and every remaining op on every entity, in the
// user's own site and in another site (a quartiersmanagement cannot see another site's parent).
const PATCH: Record<Child, Record<string, unknown>> = {
  checklistItem: { note: 'n' },
  observation: { text: 't' },
  followUp: { owner: 'o' },
  photo: { caption: 'c' },
};
for (const side of ['own', 'other'] as const) {
  const qmOther = side === 'other' ? 'not_found' : ok;
  const visitOf = (w: World) => (side === 'own' ? w.ownVisit : w.otherVisit);
  const NEW: Record<'visit' | Child, (w: World) => { id: string }> = {
    visit: (w) => visitFields(w[side]),
    checklistItem: (w) => checklistFields(visitOf(w), uuidv7()),
    observation: (w) => observationFields(visitOf(w)),
    followUp: (w) => followUpFields(visitOf(w), w[side]),
    photo: (w) => photoFields(visitOf(w)),
  };
  for (const entity of ['visit', ...CHILDREN] as const) {
    CASES.push({
      name: `${entity} create (${side} site)`,
      make: (d, w) => {
        const row = NEW[entity](w);
        return d.mutation(entity, row.id, 'create', row);
      },
      expect: { ...all(ok), quartiersmanagement: side === 'own' ? ok : 'parent_missing' },
    });
  }
  for (const entity of CHILDREN) {
    CASES.push({
      name: `${entity} patch (${side} site)`,
      make: (d, w) => d.mutation(entity, w.child[side][entity], 'patch', PATCH[entity]),
      expect: { ...all(ok), quartiersmanagement: qmOther },
    });
    for (const op of ['delete', 'restore'] as const) {
      CASES.push({
        name: `${entity} ${op} (${side} site)`,
        make: (d, w) => d.mutation(entity, w.child[side][entity], op),
        expect: { ...all(ok), quartiersmanagement: qmOther },
      });
    }
  }
  CASES.push({
    name: `visit restore (${side} site)`,
    make: (d, w) => d.mutation('visit', visitOf(w), 'restore'),
    expect: { ...all(ok), quartiersmanagement: qmOther },
  });
  if (side === 'other')
    CASES.push({
      name: "visit delete (other site, someone else's)",
      make: (d, w) => d.mutation('visit', w.otherVisit, 'delete'),
      expect: { member: 'forbidden', quartiersmanagement: 'not_found', coordinator: ok },
    });
  for (const op of ['delete', 'restore'] as const) {
    CASES.push({
      name: `site ${op} (${side} site)`,
      make: (d, w) => d.mutation('site', w[side], op),
      expect: {
        member: 'forbidden',
        quartiersmanagement: side === 'own' ? 'forbidden' : 'not_found',
        coordinator: ok,
      },
    });
  }
}

let h: Harness;
let admin: Device;
let own: string, other: string;
const devices = {} as Record<Role, Device>;
const users = {} as Record<Role, { id: string; token: string }>;

async function world(): Promise<World> {
  const ownVisit = visitFields(own),
    otherVisit = visitFields(other);
  const ownObs = observationFields(ownVisit.id),
    otherObs = observationFields(otherVisit.id);
  const children = (visitId: string, siteId: string) => ({
    checklistItem: checklistFields(visitId, uuidv7()),
    observation: observationFields(visitId),
    followUp: followUpFields(visitId, siteId),
    photo: photoFields(visitId),
  });
  const kids = { own: children(ownVisit.id, own), other: children(otherVisit.id, other) };
  const res = await admin.sync([
    admin.mutation('visit', ownVisit.id, 'create', ownVisit),
    admin.mutation('visit', otherVisit.id, 'create', otherVisit),
    admin.mutation('observation', ownObs.id, 'create', ownObs),
    admin.mutation('observation', otherObs.id, 'create', otherObs),
    ...(['own', 'other'] as const).flatMap((side) =>
      CHILDREN.map((e) => admin.mutation(e, kids[side][e].id, 'create', kids[side][e])),
    ),
  ]);
  expect(res.results.every((r) => r.status === 'applied')).toBe(true);
  const ids = (side: 'own' | 'other') =>
    Object.fromEntries(CHILDREN.map((e) => [e, kids[side][e].id])) as Record<Child, string>;
  return {
    own,
    other,
    ownVisit: ownVisit.id,
    otherVisit: otherVisit.id,
    ownObs: ownObs.id,
    otherObs: otherObs.id,
    child: { own: ids('own'), other: ids('other') },
  };
}

beforeAll(async () => {
  h = await makeHarness();
  const coord = await h.user('coordinator');
  admin = makeDevice(h, coord.token);
  const s1 = siteFields(),
    s2 = siteFields();
  own = s1.id;
  other = s2.id;
  await admin.sync([
    admin.mutation('site', s1.id, 'create', s1),
    admin.mutation('site', s2.id, 'create', s2),
  ]);
  for (const role of ['member', 'quartiersmanagement', 'coordinator'] as const) {
    const u = await h.user(role, role === 'quartiersmanagement' ? own : null);
    users[role] = u;
    devices[role] = makeDevice(h, u.token);
  }
});
afterAll(() => h.close());

describe.each(['member', 'quartiersmanagement', 'coordinator'] as const)('role %s', (role) => {
  it.each(CASES.map((c) => [c.name, c] as const))('sync push: %s', async (_name, c) => {
    const w = await world();
    const d = devices[role];
    const res = await d.sync([await c.make(d, w)]);
    const r = res.results[0]!;
    // 'conflict' means it was applied and something was recorded (e.g. a visit delete over children it never saw).
    expect(r.status === 'applied' || r.status === 'conflict' ? 'applied' : r.error?.code).toBe(
      c.expect[role],
    );
  });

  it('may restore a visit someone else deleted (in its scope)', async () => {
    const w = await world();
    await admin.sync([admin.mutation('visit', w.ownVisit, 'delete')]);
    const d = devices[role];
    expect((await d.sync([d.mutation('visit', w.ownVisit, 'restore')])).results[0]!.status).toBe(
      'applied',
    );
  });

  it('may delete and restore a visit it created itself (in its scope)', async () => {
    const d = devices[role];
    const v = visitFields(own);
    const res = await d.sync([
      d.mutation('visit', v.id, 'create', v),
      d.mutation('visit', v.id, 'delete'),
      d.mutation('visit', v.id, 'restore'),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('pulls exactly the sites and visits of its scope', async () => {
    const w = await world();
    const d = makeDevice(h, users[role].token);
    const ids = new Set<string>();
    for (let more = true; more;) {
      const res = await d.sync([], { pullLimit: 1000 });
      for (const c of res.changes) ids.add(c.entityId);
      more = res.hasMore;
    }
    const seesOther = role !== 'quartiersmanagement';
    expect(ids.has(w.own) && ids.has(w.ownVisit) && ids.has(w.ownObs)).toBe(true);
    expect([ids.has(w.other), ids.has(w.otherVisit), ids.has(w.otherObs)]).toEqual([
      seesOther,
      seesOther,
      seesOther,
    ]);
  });

  it('users API: coordinators only', async () => {
    const token = users[role].token;
    const allowed = role === 'coordinator';
    const list = await h.req('/api/v1/users', { token });
    expect(list.status).toBe(allowed ? 200 : 403);
    const created = await h.req('/api/v1/users', {
      method: 'POST',
      token,
      json: { email: `${uuidv7()}@example.org`, name: 'Neu', role: 'member' },
    });
    expect(created.status).toBe(allowed ? 201 : 403);
    const patch = await h.req(`/api/v1/users/${users.member.id}`, {
      method: 'PATCH',
      token,
      json: { name: 'Renamed' },
    });
    expect(patch.status).toBe(allowed ? 200 : 403);
    const invite = await h.req(`/api/v1/users/${users.member.id}/invite`, {
      method: 'POST',
      token,
    });
    expect(invite.status).toBe(allowed ? 200 : 403);
  });
});

describe('conflicts follow the scope', () => {
  it('quartiersmanagement sees conflicts of its site only', async () => {
    const w = await world();
    const m = makeDevice(h, users.member.token);
    await admin.sync([admin.mutation('observation', w.otherObs, 'patch', { text: 'first' }, 1)]);
    await admin.sync([admin.mutation('observation', w.ownObs, 'patch', { text: 'first' }, 1)]);
    const res = await m.sync([
      m.mutation('observation', w.otherObs, 'patch', { text: 'second' }, 1),
      m.mutation('observation', w.ownObs, 'patch', { text: 'second' }, 1),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    const qm = makeDevice(h, users.quartiersmanagement.token);
    const mine: string[] = [];
    for (let more = true; more;) {
      const res = await qm.sync([], { pullLimit: 1000 });
      mine.push(
        ...res.changes
          .filter((c) => c.entity === 'conflict')
          .map((c) => (c.row as { entityId: string }).entityId),
      );
      more = res.hasMore;
    }
    expect(mine).toContain(w.ownObs);
    expect(mine).not.toContain(w.otherObs);
  });
});
