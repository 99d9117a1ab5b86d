// Participants against the real server process (docs/adr/0007-participants-as-rows.md): each
// person is a row of its own, scoped by its visit's site like every other child of a visit.
// What must hold: qmB reaches no participant of site A in any shape (new rows, patches, a
// schema-1 list); a participant written to a deleted visit is a tombstone that comes back with
// the visit; a schema-1 list (an app from before the change) is translated into rows, never lost.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyParticipantId } from '../../src/shared/domain/schemas';
import type { Change, Mutation } from '../../src/shared/protocol';
import { visitFields } from '../support/rows';
import { startTarget, type Target, type Who } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

const person = (visitId: string, name: string, order = 0) => ({
  id: uuidv7(),
  visitId,
  name,
  organisation: '',
  role: '',
  order,
  createdAt: new Date().toISOString(),
});
const legacy = (m: Mutation): Mutation => ({ ...m, schemaVersion: 1 });

/** The participant rows the coordinator pulls, last state per id. */
async function participantsSeenBy(who: Who): Promise<Map<string, Change>> {
  const last = new Map<string, Change>();
  for (const c of await t.pullAll(who)) if (c.entity === 'participant') last.set(c.entityId, c);
  return last;
}

describe('scope: qmB and the participants of site A', () => {
  it('cannot add a participant to a site-A visit, patch or delete one, or write a schema-1 list there', async () => {
    const coord = t.device('coordinator');
    const own = person(t.sites.a.visitId, 'Ayşe Kaya');
    coord.enqueue('participant', own.id, 'create', own);
    expect((await coord.sync()).acks[0]?.result.status).toBe('applied');
    const before = JSON.stringify([...(await participantsSeenBy('coordinator')).entries()]);

    const qmB = t.device('qmB');
    const intruder = person(t.sites.a.visitId, 'Eindringling');
    qmB.enqueue('participant', intruder.id, 'create', intruder);
    qmB.enqueue('participant', own.id, 'patch', { organisation: 'übernommen' }, null);
    qmB.enqueue('participant', own.id, 'delete');
    qmB.enqueue(
      'visit',
      t.sites.a.visitId,
      'patch',
      { participants: [{ name: 'Eindringling', organisation: '', role: '' }] },
      null,
    );
    qmB.outbox[3] = legacy(qmB.outbox[3]!);
    const { acks, response } = await qmB.sync();
    // Refused, each as a rejection record, and none tells whether site A's rows exist.
    expect(acks.map((a) => [a.result.status, a.result.error?.code])).toEqual([
      ['rejected', 'parent_missing'],
      ['rejected', 'not_found'],
      ['rejected', 'not_found'],
      ['rejected', 'not_found'],
    ]);
    expect(qmB.outbox).toEqual([]);
    expect(response.changes.some((c) => c.entity === 'participant')).toBe(false);
    expect(JSON.stringify([...(await participantsSeenBy('coordinator')).entries()])).toBe(before);
    // And qmB never pulls site A's people.
    const seenByB = await participantsSeenBy('qmB');
    expect([...seenByB.values()].some((c) => c.row?.['visitId'] === t.sites.a.visitId)).toBe(false);
    const seenByA = await participantsSeenBy('qmA');
    expect(seenByA.get(own.id)?.row).toMatchObject({ name: 'Ayşe Kaya' });
  });

  it('cannot take over a site-A participant id by creating it under a site-B visit', async () => {
    const coord = t.device('coordinator');
    const own = person(t.sites.a.visitId, 'Bernd');
    coord.enqueue('participant', own.id, 'create', own);
    await coord.sync();
    const qmB = t.device('qmB');
    qmB.enqueue('participant', own.id, 'create', { ...own, visitId: t.sites.b.visitId });
    const { acks } = await qmB.sync();
    expect(acks[0]?.result).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    const rows = await participantsSeenBy('coordinator');
    expect(rows.get(own.id)?.row).toMatchObject({ visitId: t.sites.a.visitId, name: 'Bernd' });
  });
});

describe('a participant and a deleted visit', () => {
  it('written to a visit someone deleted: a tombstone (with a conflict), back when the visit is restored', async () => {
    const coord = t.device('coordinator');
    const v = visitFields(t.sites.a.siteId);
    coord.enqueue('visit', v.id, 'create', v);
    await coord.sync();
    const qmA = t.device('qmA');
    await qmA.sync(0); // qmA saw the visit
    coord.enqueue('visit', v.id, 'delete');
    await coord.sync();
    const late = person(v.id, 'Clara');
    qmA.enqueue('participant', late.id, 'create', late);
    const { acks } = await qmA.sync();
    expect(acks[0]?.result.status).toBe('conflict');
    expect((await participantsSeenBy('coordinator')).get(late.id)).toMatchObject({
      deleted: true,
    });
    coord.enqueue('visit', v.id, 'restore');
    await coord.sync();
    const back = (await participantsSeenBy('coordinator')).get(late.id);
    expect(back).toMatchObject({ deleted: false, row: { name: 'Clara' } });
  });
});

describe('a schema-1 participants list (an app from before participants were rows)', () => {
  it('becomes rows with deterministic ids; a second device’s concurrent edit of one person is a conflict of that field, not a lost list', async () => {
    const coord = t.device('coordinator');
    const v = visitFields(t.sites.b.siteId);
    coord.enqueue('visit', v.id, 'create', v);
    await coord.sync();
    const old = t.device('qmB');
    const { response } = await old.sync(0);
    const base = Number(response.cursor);
    const list = [
      { name: 'Ayşe', organisation: 'QM', role: '' },
      { name: 'Bernd', organisation: '', role: 'Gast' },
    ];
    old.outbox.push(legacy(old.mutation('visit', v.id, 'patch', { participants: list }, base)));
    const first = await old.sync();
    expect(first.acks[0]?.result.status).toBe('applied');
    const ids = [0, 1].map((i) => legacyParticipantId(v.id, i));
    const rows = await participantsSeenBy('coordinator');
    expect(ids.map((id) => rows.get(id)?.row?.['name'])).toEqual(['Ayşe', 'Bernd']);

    // The coordinator (new app) changes Bernd's organisation; the old app, not having pulled,
    // sends its whole list again with Ayşe's role changed and Bernd as it saw him.
    const after = Number(first.response.cursor);
    coord.enqueue('participant', ids[1]!, 'patch', { organisation: 'AWO' }, after);
    await coord.sync();
    const edited = [{ ...list[0]!, role: 'Leitung' }, list[1]!];
    old.outbox.push(legacy(old.mutation('visit', v.id, 'patch', { participants: edited }, after)));
    const second = await old.sync();
    expect(second.acks[0]?.result.status).toBe('conflict');
    const now = await participantsSeenBy('coordinator');
    expect(now.get(ids[0]!)?.row).toMatchObject({ name: 'Ayşe', role: 'Leitung' });
    expect(now.get(ids[1]!)?.row).toMatchObject({ name: 'Bernd', organisation: 'AWO' });
    const conflicts = second.response.changes.filter((c) => c.entity === 'conflict');
    expect(conflicts.map((c) => [c.row?.['entityId'], c.row?.['field']])).toEqual([
      [ids[1], 'organisation'],
    ]);
  });

  it('an invalid list is one rejection and writes nothing; a list sent as schema 2 is refused', async () => {
    const coord = t.device('coordinator');
    const v = visitFields(t.sites.a.siteId);
    coord.enqueue('visit', v.id, 'create', v);
    coord.outbox.push(
      legacy(coord.mutation('visit', v.id, 'patch', { participants: [{ name: ' ' }] }, null)),
    );
    coord.enqueue('visit', v.id, 'patch', { participants: [] }, null);
    const { acks } = await coord.sync();
    expect(acks.map((a) => [a.result.status, a.result.error?.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
    ]);
    expect(acks[1]?.result.error?.path).toBe('participants.0.name');
    expect(acks[2]?.result.error?.message).toContain('participants');
    const rows = await participantsSeenBy('coordinator');
    expect([...rows.values()].some((c) => c.row?.['visitId'] === v.id)).toBe(false);
  });
});
