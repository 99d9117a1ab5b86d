// Scope attacks on records, conflicts, rejections, devices and the users API, for each role,
// against the real server process: a Quartiersmanagement account of site A (qmA) tries every
// way into site B; members and QM try the coordinators' API. What must hold: nothing of site B
// changes, nothing of site B reaches qmA (rows, conflicts, rejections, error texts), and every
// refused sync mutation is a rejection record, never a stuck queue. Blob and upload scope:
// blob-scope.test.ts.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checklistFields,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../support/server';
import { EVERYONE, startTarget, type Target } from './support/target';

let t: Target;
/** Unique words written into site B only: none may ever appear in anything qmA receives. */
const SECRET = `geheim-${uuidv7()}`;
let obsB = '';

beforeAll(async () => {
  t = await startTarget();
  // Site B gets content: an observation with the secret, a conflict on its visit, a rejection of qmB's.
  const coord = t.device('coordinator');
  const qmB = t.device('qmB');
  const o = { ...observationFields(t.sites.b.visitId), text: SECRET };
  obsB = o.id;
  coord.enqueue('observation', o.id, 'create', o);
  await coord.sync();
  await qmB.sync(); // qmB's base now includes the observation
  coord.enqueue('observation', o.id, 'patch', { text: `${SECRET} (Koordination)` }, null);
  qmB.enqueue('observation', o.id, 'patch', { text: `${SECRET} (QM B)` }, 1);
  await coord.sync();
  const { acks } = await qmB.sync();
  expect(acks[0]?.result.status).toBe('conflict');
  const refused = siteFields();
  qmB.enqueue('site', refused.id, 'create', { ...refused, notes: SECRET });
  expect((await qmB.sync()).acks[0]?.result.status).toBe('rejected');
}, 60_000);
afterAll(() => t?.stop());

/** The state of site B as the coordinator sees it, for before/after comparisons. */
async function siteBState(): Promise<string> {
  const rows = (await t.pullAll('coordinator'))
    .filter((c) => {
      const r = c.row as { siteId?: string; visitId?: string; id?: string } | null;
      return (
        r?.id === t.sites.b.siteId ||
        r?.siteId === t.sites.b.siteId ||
        r?.visitId === t.sites.b.visitId
      );
    })
    .map((c) => ({ entity: c.entity, id: c.entityId, v: c.version, d: c.deleted, row: c.row }))
    .sort((a, b) => `${a.entity}/${a.id}`.localeCompare(`${b.entity}/${b.id}`));
  return JSON.stringify(rows);
}

describe('qmA writing into site B', () => {
  const b = () => t.sites.b;
  const attacks: [string, (d: ReturnType<Target['device']>) => void][] = [
    [
      'creates a visit in site B',
      (d) => {
        const v = visitFields(b().siteId);
        d.enqueue('visit', v.id, 'create', v);
      },
    ],
    [
      'patches the visit of site B',
      (d) => d.enqueue('visit', b().visitId, 'patch', { goals: 'x' }, 1),
    ],
    ['deletes the visit of site B', (d) => d.enqueue('visit', b().visitId, 'delete', {}, 1)],
    ['restores the visit of site B', (d) => d.enqueue('visit', b().visitId, 'restore', {}, 1)],
    [
      'adds an observation to the visit of site B',
      (d) => {
        const o = observationFields(b().visitId);
        d.enqueue('observation', o.id, 'create', o);
      },
    ],
    [
      'patches the observation of site B',
      (d) => d.enqueue('observation', obsB, 'patch', { text: 'weg' }, 1),
    ],
    ['deletes the observation of site B', (d) => d.enqueue('observation', obsB, 'delete', {}, 1)],
    [
      'creates a checklist item on the visit of site B',
      (d) => {
        const c = checklistFields(b().visitId, 'prep-goals');
        d.enqueue('checklistItem', c.id, 'create', c);
      },
    ],
    [
      'adds a photo row to the visit of site B',
      (d) => {
        const p = photoFields(b().visitId, 'a'.repeat(64));
        d.enqueue('photo', p.id, 'create', p);
      },
    ],
    [
      'adds a follow-up claiming site A on the visit of site B',
      (d) => {
        const id = uuidv7();
        d.enqueue('followUp', id, 'create', {
          id,
          visitId: b().visitId,
          siteId: t.sites.a.siteId,
          fieldId: null,
          kind: 'step',
          description: 'x',
          offerType: 'none',
          owner: '',
          dueDate: null,
          status: 'open',
          createdAt: new Date().toISOString(),
        });
      },
    ],
    [
      're-creates the observation of site B under its id, parented to its own visit',
      (d) => {
        const o = { ...observationFields(t.sites.a.visitId, obsB), text: 'übernommen' };
        d.enqueue('observation', obsB, 'create', o);
      },
    ],
  ];

  for (const [name, attack] of attacks) {
    it(`${name}: refused as a rejection, site B unchanged, nothing of B in the answer`, async () => {
      const before = await siteBState();
      const d = t.device('qmA');
      attack(d);
      const { acks, response } = await d.sync();
      expect(acks).toHaveLength(1);
      expect(acks[0]!.result.status).toBe('rejected');
      expect(['forbidden', 'not_found', 'parent_missing', 'invalid', 'id_conflict']).toContain(
        acks[0]!.result.error?.code,
      );
      expect(d.outbox).toHaveLength(0); // the queue moved on
      expect(JSON.stringify(response)).not.toContain(SECRET);
      expect(await siteBState()).toBe(before);
    });
  }
});

describe('no existence oracle', () => {
  /** qmA's answer to one mutation naming `visitId`, with that id masked in the message. */
  const refusal = async (visitId: string, enqueue: (d: ReturnType<Target['device']>) => void) => {
    const d = t.device('qmA');
    enqueue(d);
    const { acks } = await d.sync();
    const e = acks[0]!.result.error!;
    return {
      status: acks[0]!.result.status,
      code: e.code,
      message: e.message.replace(visitId, 'X'),
      path: e.path,
    };
  };

  it("a child of site B's visit is refused exactly like a child of a visit that does not exist", async () => {
    const answer = (visitId: string) =>
      refusal(visitId, (d) => {
        const o = observationFields(visitId);
        d.enqueue('observation', o.id, 'create', o);
      });
    expect(await answer(t.sites.b.visitId)).toEqual(await answer(uuidv7()));
  });

  it("a patch of site B's visit is refused exactly like a patch of a visit that does not exist", async () => {
    const answer = (visitId: string) =>
      refusal(visitId, (d) => d.enqueue('visit', visitId, 'patch', { goals: 'x' }, 1));
    expect(await answer(t.sites.b.visitId)).toEqual(await answer(uuidv7()));
  });
});

describe('what each role pulls', () => {
  it('qmA never receives a row, conflict or rejection of site B or of another user', async () => {
    const changes = await t.pullAll('qmA');
    // Its own rejections echo what it sent (site B's ids it typed itself); nothing else may name B.
    const text = JSON.stringify(changes.filter((c) => c.entity !== 'rejection'));
    expect(JSON.stringify(changes)).not.toContain(SECRET);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(t.sites.b.siteId);
    expect(text).not.toContain(t.sites.b.visitId);
    expect(changes.some((c) => c.entityId === t.sites.a.visitId)).toBe(true);
  });

  it('qmB receives its own conflict and rejection; coordinator and member every site', async () => {
    const qmB = await t.pullAll('qmB');
    expect(qmB.filter((c) => c.entity === 'conflict')).toHaveLength(1);
    expect(qmB.filter((c) => c.entity === 'rejection')).toHaveLength(1);
    for (const who of ['coordinator', 'member'] as const) {
      const changes = await t.pullAll(who);
      expect(changes.some((c) => c.entityId === t.sites.a.siteId)).toBe(true);
      expect(changes.some((c) => c.entityId === t.sites.b.siteId)).toBe(true);
      expect(changes.some((c) => c.entity === 'conflict')).toBe(true);
      // Rejections are their author's alone.
      expect(changes.filter((c) => c.entity === 'rejection')).toHaveLength(0);
    }
  });

  it('a device id of another account is refused (403) without a single change', async () => {
    const victim = t.device('coordinator');
    await victim.sync();
    const thief = t.device('qmA');
    thief.clientId = victim.clientId;
    const res = await t.req('/api/v1/sync', {
      method: 'POST',
      token: t.who.qmA.token,
      json: thief.request([], { pullLimit: 500 }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(t.sites.b.siteId);
  });
});

describe('the users API', () => {
  const nonCoordinators = EVERYONE.filter((w) => w !== 'coordinator');
  for (const who of nonCoordinators) {
    it(`${who}: list, create, promote itself, invite: all 403`, async () => {
      const token = t.who[who].token;
      const id = t.who[who].id;
      const calls: [string, RequestInit & { json?: unknown }][] = [
        ['/api/v1/users', { method: 'GET' }],
        [
          '/api/v1/users',
          {
            method: 'POST',
            json: {
              email: `x-${uuidv7()}@example.org`,
              name: 'X',
              role: 'coordinator',
              siteId: null,
            },
          },
        ],
        [`/api/v1/users/${id}`, { method: 'PATCH', json: { role: 'coordinator' } }],
        [`/api/v1/users/${id}`, { method: 'PATCH', json: { siteId: t.sites.b.siteId } }],
        [`/api/v1/users/${t.who.coordinator.id}/invite`, { method: 'POST' }],
      ];
      for (const [path, init] of calls) {
        const res = await t.req(path, { ...init, token });
        expect(res.status, `${init.method} ${path}`).toBe(403);
        expect(((await res.json()) as { error: string }).error).toBe('forbidden');
      }
      // Still the same role and site: a fresh pull shows the same scope as before.
      const me = await t.req('/api/v1/auth/me', { token });
      expect(((await me.json()) as { user: { role: string } }).user.role).toBe(t.who[who].role);
    });
  }

  it('moving qmA to site B resets its device; afterwards it pulls site B only', async () => {
    const d = t.device('qmA');
    await d.sync(0, 500);
    const moved = await t.req(`/api/v1/users/${t.who.qmA.id}`, {
      method: 'PATCH',
      token: t.who.coordinator.token,
      json: { siteId: t.sites.b.siteId },
    });
    expect(moved.status).toBe(200);
    const { response } = await d.sync(0, 500);
    expect(response.reset?.reason).toBe('scope_changed');
    const text = JSON.stringify(response.changes.filter((c) => c.entity !== 'rejection'));
    expect(text).toContain(t.sites.b.siteId);
    expect(text).not.toContain(t.sites.a.siteId);
  });
});
