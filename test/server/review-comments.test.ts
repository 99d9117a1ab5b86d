// Review comments on the server (docs/architecture.md §Review comments): every operation for
// every role, where a comment may point (its own visit only), replies, the size limit, the
// approved visit, and the visit's delete and restore carrying its comments along.
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
  siteFields,
  visitFields,
} from '../support/server';

type Target = { entity: 'visit' | 'observation' | 'checklistItem' | 'followUp'; id: string };

function commentFields(visitId: string, target: Target, extra: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    visitId,
    target,
    text: 'Bitte die Bewertung begründen.',
    author: 'K. Prüfer',
    replyTo: null,
    resolved: false,
    createdAt: new Date().toISOString(),
    ...extra,
  };
}

/** A visit with one record of each kind a comment may target, and a comment by the admin on it. */
type World = {
  visit: string;
  obs: string;
  item: string;
  followUp: string;
  /** The admin coordinator's comment on the visit. */
  theirs: string;
  /** Another visit of the same site, with an observation and a comment. */
  visit2: string;
  obs2: string;
  comment2: string;
  /** A visit at the other site, with a comment. */
  otherVisit: string;
  otherComment: string;
};

let h: Harness;
let admin: Device;
let own: string, other: string;
const devices = {} as Record<Role, Device>;
const users = {} as Record<Role, { id: string; token: string }>;

async function world(): Promise<World> {
  const v = visitFields(own),
    v2 = visitFields(own),
    vo = visitFields(other);
  const obs = observationFields(v.id),
    obs2 = observationFields(v2.id);
  const item = checklistFields(v.id, uuidv7());
  const fu = followUpFields(v.id, own);
  const theirs = commentFields(v.id, { entity: 'visit', id: v.id });
  const c2 = commentFields(v2.id, { entity: 'visit', id: v2.id });
  const co = commentFields(vo.id, { entity: 'visit', id: vo.id });
  const res = await admin.sync([
    ...[v, v2, vo].map((x) => admin.mutation('visit', x.id, 'create', x)),
    admin.mutation('observation', obs.id, 'create', obs),
    admin.mutation('observation', obs2.id, 'create', obs2),
    admin.mutation('checklistItem', item.id, 'create', item),
    admin.mutation('followUp', fu.id, 'create', fu),
    ...[theirs, c2, co].map((c) => admin.mutation('reviewComment', c.id, 'create', c)),
  ]);
  expect(res.results.map((r) => r.status)).toEqual(res.results.map(() => 'applied'));
  return {
    visit: v.id,
    obs: obs.id,
    item: item.id,
    followUp: fu.id,
    theirs: theirs.id,
    visit2: v2.id,
    obs2: obs2.id,
    comment2: c2.id,
    otherVisit: vo.id,
    otherComment: co.id,
  };
}

/** Pushes one mutation from the role's device; returns its status or rejection code (and path). */
async function outcome(role: Role, m: Mutation): Promise<string> {
  const d = devices[role];
  const res = await d.sync([m]);
  const r = res.results[0]!;
  if (r.status !== 'rejected') return r.status;
  return r.error?.path ? `${r.error.code}@${r.error.path}` : r.error!.code;
}

/** The role's own comment on the world's visit (created through its device). */
async function ownComment(role: Role, w: World): Promise<string> {
  const c = commentFields(w.visit, { entity: 'visit', id: w.visit });
  const d = devices[role];
  expect(await outcome(role, d.mutation('reviewComment', c.id, 'create', c))).toBe('applied');
  return c.id;
}

beforeAll(async () => {
  h = await makeHarness();
  const coord = await h.user('coordinator');
  admin = makeDevice(h, coord.token);
  const a = siteFields(),
    b = siteFields();
  await admin.sync([
    admin.mutation('site', a.id, 'create', a),
    admin.mutation('site', b.id, 'create', b),
  ]);
  own = a.id;
  other = b.id;
  for (const role of ['member', 'quartiersmanagement', 'coordinator'] as const) {
    const u = await h.user(role, role === 'quartiersmanagement' ? own : null);
    users[role] = u;
    devices[role] = makeDevice(h, u.token);
  }
});
afterAll(() => h.close());

const ROLES = ['member', 'quartiersmanagement', 'coordinator'] as const;
const all = (s: string): Record<Role, string> => ({
  member: s,
  quartiersmanagement: s,
  coordinator: s,
});

type Case = {
  name: string;
  make: (d: Device, w: World, role: Role) => Promise<Mutation> | Mutation;
  expect: Record<Role, string>;
};

const create = (d: Device, visitId: string, target: Target, extra = {}) => {
  const c = commentFields(visitId, target, extra);
  return d.mutation('reviewComment', c.id, 'create', c);
};

const CASES: Case[] = [
  {
    name: 'create on the visit',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit }),
    expect: all('applied'),
  },
  {
    name: 'create on an observation, a checklist item, a follow-up of the visit (one each)',
    make: (d, w, role) => {
      const target: Target =
        role === 'member'
          ? { entity: 'observation', id: w.obs }
          : role === 'coordinator'
            ? { entity: 'checklistItem', id: w.item }
            : { entity: 'followUp', id: w.followUp };
      return create(d, w.visit, target);
    },
    expect: all('applied'),
  },
  {
    name: "create on another site's visit",
    make: (d, w) => create(d, w.otherVisit, { entity: 'visit', id: w.otherVisit }),
    expect: {
      member: 'applied',
      quartiersmanagement: 'parent_missing@visitId',
      coordinator: 'applied',
    },
  },
  {
    name: 'target: an observation of another visit',
    make: (d, w) => create(d, w.visit, { entity: 'observation', id: w.obs2 }),
    expect: all('invalid@target'),
  },
  {
    name: 'target: another visit',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit2 }),
    expect: all('invalid@target'),
  },
  {
    name: 'target: a visit at another site (no existence oracle: same answer as a made-up id)',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.otherVisit }),
    expect: all('invalid@target'),
  },
  {
    name: 'target: a record that does not exist',
    make: (d, w) => create(d, w.visit, { entity: 'followUp', id: uuidv7() }),
    expect: all('invalid@target'),
  },
  {
    name: 'target: the visit id under another entity',
    make: (d, w) => create(d, w.visit, { entity: 'observation', id: w.visit }),
    expect: all('invalid@target'),
  },
  {
    name: 'reply to a comment of the visit',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit }, { replyTo: w.theirs }),
    expect: all('applied'),
  },
  {
    name: 'reply to a comment of another visit',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit }, { replyTo: w.comment2 }),
    expect: all('invalid@replyTo'),
  },
  {
    name: 'reply about another target than its comment',
    make: (d, w) => create(d, w.visit, { entity: 'observation', id: w.obs }, { replyTo: w.theirs }),
    expect: all('invalid@replyTo'),
  },
  {
    name: 'reply to a comment that does not exist',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit }, { replyTo: uuidv7() }),
    expect: all('invalid@replyTo'),
  },
  {
    name: 'text longer than 5,000 characters',
    make: (d, w) =>
      create(d, w.visit, { entity: 'visit', id: w.visit }, { text: 'x'.repeat(5001) }),
    expect: all('invalid@text'),
  },
  {
    name: 'empty text',
    make: (d, w) => create(d, w.visit, { entity: 'visit', id: w.visit }, { text: '   ' }),
    expect: all('invalid@text'),
  },
  {
    name: 'edit the text of their own comment',
    make: async (d, w, role) =>
      d.mutation('reviewComment', await ownComment(role, w), 'patch', { text: 'Erledigt.' }),
    expect: all('applied'),
  },
  {
    name: "edit the text of someone else's comment",
    make: (d, w) => d.mutation('reviewComment', w.theirs, 'patch', { text: 'Anders.' }),
    // a coordinator may settle it, but its words stay its author's
    expect: {
      member: 'forbidden',
      quartiersmanagement: 'forbidden',
      coordinator: 'forbidden@text',
    },
  },
  {
    name: 'resolve their own comment',
    make: async (d, w, role) =>
      d.mutation('reviewComment', await ownComment(role, w), 'patch', { resolved: true }),
    expect: all('applied'),
  },
  {
    name: "resolve someone else's comment",
    make: (d, w) => d.mutation('reviewComment', w.theirs, 'patch', { resolved: true }),
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: 'applied' },
  },
  {
    name: "resolve a comment at another site's visit",
    make: (d, w) => d.mutation('reviewComment', w.otherComment, 'patch', { resolved: true }),
    expect: { member: 'forbidden', quartiersmanagement: 'not_found', coordinator: 'applied' },
  },
  {
    name: 'change the target (immutable)',
    make: async (d, w, role) =>
      d.mutation('reviewComment', await ownComment(role, w), 'patch', {
        target: { entity: 'observation', id: w.obs },
      }),
    expect: all('immutable_field@target'),
  },
  {
    name: 'delete and then restore their own comment',
    make: async (d, w, role) => {
      const id = await ownComment(role, w);
      expect(await outcome(role, d.mutation('reviewComment', id, 'delete'))).toBe('applied');
      return d.mutation('reviewComment', id, 'restore');
    },
    expect: all('applied'),
  },
  {
    name: "delete someone else's comment",
    make: (d, w) => d.mutation('reviewComment', w.theirs, 'delete'),
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: 'applied' },
  },
  {
    name: "delete a comment at another site's visit",
    make: (d, w) => d.mutation('reviewComment', w.otherComment, 'delete'),
    expect: { member: 'forbidden', quartiersmanagement: 'not_found', coordinator: 'applied' },
  },
  {
    name: "restore someone else's deleted comment",
    make: async (d, w) => {
      const r = await admin.sync([admin.mutation('reviewComment', w.theirs, 'delete')]);
      expect(r.results[0]!.status).toBe('applied');
      return d.mutation('reviewComment', w.theirs, 'restore');
    },
    expect: { member: 'forbidden', quartiersmanagement: 'forbidden', coordinator: 'applied' },
  },
  {
    name: 'comment on a submitted visit (explaining it to the reviewer)',
    make: async (d, w) => {
      await setStatus(w.visit, 'submitted');
      return create(d, w.visit, { entity: 'observation', id: w.obs });
    },
    expect: all('applied'),
  },
  {
    name: 'comment on an approved visit',
    make: async (d, w) => {
      await setStatus(w.visit, 'approved');
      return create(d, w.visit, { entity: 'visit', id: w.visit });
    },
    expect: {
      member: 'visit_approved',
      quartiersmanagement: 'visit_approved',
      coordinator: 'applied',
    },
  },
  {
    name: 'resolve their own comment once the visit is approved',
    make: async (d, w, role) => {
      const id = await ownComment(role, w);
      await setStatus(w.visit, 'approved');
      return d.mutation('reviewComment', id, 'patch', { resolved: true });
    },
    expect: {
      member: 'visit_approved',
      quartiersmanagement: 'visit_approved',
      coordinator: 'applied',
    },
  },
];

async function setStatus(visitId: string, status: string) {
  const r = await admin.sync([admin.mutation('visit', visitId, 'patch', { status })]);
  expect(r.results[0]!.status).toBe('applied');
}

describe('review comments: every operation for every role', () => {
  for (const c of CASES)
    for (const role of ROLES)
      it(`${c.name} — ${role}`, async () => {
        const w = await world();
        const d = devices[role];
        expect(await outcome(role, await c.make(d, w, role))).toBe(c.expect[role]);
      });

  it('a disabled account may do nothing: its sync is refused before any mutation', async () => {
    const w = await world();
    const u = await h.user('member');
    const d = makeDevice(h, u.token);
    const coord = await h.user('coordinator');
    const res = await h.req(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    const push = await d.post(d.request([create(d, w.visit, { entity: 'visit', id: w.visit })]));
    expect(push.status).toBe(401);
    const stored = (await h.read((tx) => tx.sync.childrenOfVisit(w.visit))).filter(
      (r) => r.entity === 'reviewComment',
    );
    expect(stored.map((r) => r.id)).toEqual([w.theirs]);
  });
});

describe('review comments follow their visit', () => {
  it('deleting the visit tombstones its comments, restoring brings them back; the member pulls both', async () => {
    const w = await world();
    const reply = commentFields(w.visit, { entity: 'visit', id: w.visit }, { replyTo: w.theirs });
    expect(
      await outcome('member', devices.member.mutation('reviewComment', reply.id, 'create', reply)),
    ).toBe('applied');
    const comments = async () =>
      (await h.read((tx) => tx.sync.childrenOfVisit(w.visit)))
        .filter((r) => r.entity === 'reviewComment')
        .map((r) => ({ id: r.id, deleted: r.deleted, byCascade: r.deletedByCascade }))
        .sort((a, b) => a.id.localeCompare(b.id));
    const ids = [w.theirs, reply.id].sort();

    await devices.member.sync(); // up to date before the delete
    await admin.sync(); // the deleting device has seen the reply: no unseen edits
    expect(
      (await admin.sync([admin.mutation('visit', w.visit, 'delete')])).results[0]!.status,
    ).toBe('applied');
    expect(await comments()).toEqual(ids.map((id) => ({ id, deleted: true, byCascade: true })));
    const afterDelete = await devices.member.sync();
    const pulled = (res: typeof afterDelete) =>
      res.changes
        .filter((c) => c.entity === 'reviewComment' && ids.includes(c.entityId))
        .map((c) => c.deleted);
    expect(pulled(afterDelete)).toEqual([true, true]);

    expect(
      (await admin.sync([admin.mutation('visit', w.visit, 'restore')])).results[0]!.status,
    ).toBe('applied');
    expect(await comments()).toEqual(ids.map((id) => ({ id, deleted: false, byCascade: false })));
    expect(pulled(await devices.member.sync())).toEqual([false, false]);
  });

  it("a quartiersmanagement account never pulls another site's comments", async () => {
    const w = await world();
    const qm = makeDevice(h, users.quartiersmanagement.token);
    const res = await qm.sync([], { pullLimit: 5000 });
    const ids = res.changes.filter((c) => c.entity === 'reviewComment').map((c) => c.entityId);
    expect(ids).toContain(w.theirs);
    expect(ids).not.toContain(w.otherComment);
  });
});
