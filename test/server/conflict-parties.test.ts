// A conflict record names both people by account id and name (docs/architecture.md §Merge):
// `authorId`/`author` sent the second value, `serverAuthorId`/`serverAuthorName` wrote the value
// that stood first. Every device that can read the record learns both, a third reader included.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/store/sqlite/migrations';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  checklistFields,
  makeDevice,
  makeHarness,
  observationFields,
  twoPeopleOnVisit,
} from '../support/server';

let h: Harness;
let coord: Awaited<ReturnType<Harness['user']>>;
let member: Awaited<ReturnType<Harness['user']>>;
let a: Device, b: Device;
let visitId: string;

const conflictsIn = (res: SyncResponse) =>
  res.changes.filter((c) => c.entity === 'conflict').map((c) => c.row as ConflictRecord);

beforeEach(async () => {
  h = await makeHarness();
  const two = await twoPeopleOnVisit(h);
  ({ coord, member, a, b } = two);
  visitId = two.visit.id;
});
afterEach(() => h.close());

describe('conflict parties', () => {
  it('a field conflict carries the ids and names of both sides, for the parties and a third reader', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'Text von B' }, base)]);
    const res = await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'A' }, base)]);
    expect(res.results[0]!.status).toBe('conflict');
    const parties = {
      authorId: coord.id,
      author: 'coordinator user',
      serverAuthorId: member.id,
      serverAuthorName: 'member user',
    };
    expect(conflictsIn(res)[0]).toMatchObject({
      field: 'text',
      serverValue: 'Text von B',
      ...parties,
    });
    expect(conflictsIn(await b.sync())[0]).toMatchObject(parties);
    const third = makeDevice(h, (await h.user('member')).token);
    expect(conflictsIn(await third.sync())[0]).toMatchObject(parties);
  });

  it('the first side of a conflict on a value set at creation is the record’s creator', async () => {
    const item = checklistFields(visitId);
    await b.sync([b.mutation('checklistItem', item.id, 'create', { ...item, note: 'von B' })]);
    const res = await a.sync([
      a.mutation('checklistItem', item.id, 'create', { ...item, note: 'von A' }),
    ]);
    expect(conflictsIn(res)[0]).toMatchObject({
      field: 'note',
      authorId: coord.id,
      serverAuthorId: member.id,
      serverAuthorName: 'member user',
    });
  });

  it('an edit on a deleted record names who deleted it', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'delete', {}, base)]);
    const res = await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'spät' }, base)]);
    expect(conflictsIn(res)[0]).toMatchObject({
      kind: 'edit_on_deleted',
      authorId: member.id,
      serverAuthorId: coord.id,
      serverAuthorName: 'coordinator user',
    });
  });

  it('a delete over unseen edits names who made those edits', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'von B' }, base)]);
    const res = await a.sync([a.mutation('observation', obs.id, 'delete', {}, base)]);
    expect(conflictsIn(res)[0]).toMatchObject({
      kind: 'delete_with_unseen_edits',
      authorId: coord.id,
      serverAuthorId: member.id,
      serverAuthorName: 'member user',
    });
  });

  it('conflicts recorded before the parties were kept get them from what the server still knows', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'Text von B' }, base)]);
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'A' }, base)]);
    const raw = new Database(h.dbFile);
    raw.exec('UPDATE conflicts SET author_id = NULL, server_author_id = NULL');
    // Back to the step before conflict parties (migration 8); the later steps replay harmlessly.
    raw.pragma('user_version = 7');
    migrate(raw);
    expect(raw.prepare('SELECT author_id, server_author_id FROM conflicts').all()).toEqual([
      { author_id: coord.id, server_author_id: member.id },
    ]);
    raw.close();
  });
});
