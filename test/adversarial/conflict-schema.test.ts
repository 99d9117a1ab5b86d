// Conflict resolutions against the real server process: a malformed decision of any shape is a
// rejection and writes nothing; the record it names keeps satisfying its whole schema.
// docs/architecture.md §Merge (conflict resolution), §Push step 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS } from '../../src/shared/domain/schemas';
import type { Change, ConflictRecord } from '../../src/shared/protocol';
import { observationFields } from '../support/rows';
import { startTarget, type Target, type Who } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

async function current(who: Who, entityId: string): Promise<Change> {
  const all = await t.pullAll(who);
  const last = all.filter((c) => c.entityId === entityId).at(-1);
  if (!last) throw new Error(`${entityId} not readable by ${who}`);
  return last;
}

/** Two devices write the same field from the same base: the second makes a conflict. */
async function fieldConflict(
  entity: 'visit' | 'site',
  id: string,
  field: string,
  first: unknown,
  second: unknown,
  writers: [Who, Who] = ['coordinator', 'member'],
): Promise<ConflictRecord> {
  const base = (await current('coordinator', id)).version;
  const a = t.device(writers[0]);
  a.enqueue(entity, id, 'patch', { [field]: first }, base);
  expect((await a.sync()).acks[0]!.result.status).toBe('applied');
  const b = t.device(writers[1]);
  b.enqueue(entity, id, 'patch', { [field]: second }, base);
  const { acks } = await b.sync();
  expect(acks[0]!.result.status).toBe('conflict');
  const conflictId = acks[0]!.result.conflictIds![0]!;
  return (await current('coordinator', conflictId)).row as ConflictRecord;
}

/** Sends one resolution as `who`; returns the result (status + error code). */
async function resolve(who: Who, fields: Record<string, unknown>) {
  const d = t.device(who);
  d.enqueue('conflictResolution', String(fields['conflictId']), 'patch', fields, null);
  const { acks } = await d.sync();
  return { status: acks[0]!.result.status, code: acks[0]!.result.error?.code };
}

describe('a field conflict resolved as "edited" is validated against the whole record', () => {
  let c: ConflictRecord;
  beforeAll(async () => {
    c = await fieldConflict('visit', t.sites.a.visitId, 'date', '2026-06-01', '2026-07-01');
  });

  it.each([
    ['without a value', {}],
    ['with value undefined (dropped by JSON)', { value: undefined }],
    ['with value null for a required date', { value: null }],
    ['with a number for a date', { value: 42 }],
    ['with an object for a date', { value: { date: '2026-08-01' } }],
    ['with an empty string', { value: '' }],
  ])('%s: rejected, the visit keeps a valid date', async (_name, extra) => {
    const r = await resolve('member', { conflictId: c.id, resolution: 'edited', ...extra });
    expect(r).toEqual({ status: 'rejected', code: 'invalid' });
    const visit = await current('coordinator', t.sites.a.visitId);
    expect(ENTITY_SCHEMAS.visit.safeParse(visit.row).success).toBe(true);
    expect((visit.row as { date: string }).date).toBe('2026-06-01');
    const conflict = await current('coordinator', c.id);
    expect((conflict.row as ConflictRecord).status).toBe('open');
  });

  it('a well-formed "edited" still resolves it', async () => {
    const r = await resolve('member', {
      conflictId: c.id,
      resolution: 'edited',
      value: '2026-09-09',
    });
    expect(r.status).toBe('applied');
    const visit = await current('qmA', t.sites.a.visitId);
    expect((visit.row as { date: string }).date).toBe('2026-09-09');
  });
});

describe('an "edited" restore of a deleted record may not change its identity or break it', () => {
  let c: ConflictRecord;
  beforeAll(async () => {
    const obs = observationFields(t.sites.a.visitId);
    const m = t.device('member');
    m.enqueue('observation', obs.id, 'create', obs);
    await m.sync();
    const base = (await current('member', obs.id)).version;
    const del = t.device('coordinator');
    del.enqueue('observation', obs.id, 'delete', {}, base);
    expect((await del.sync()).acks[0]!.result.status).toBe('applied');
    m.enqueue('observation', obs.id, 'patch', { text: 'late edit' }, base);
    const { acks } = await m.sync();
    expect(acks[0]!.result.status).toBe('conflict');
    c = (await current('coordinator', acks[0]!.result.conflictIds![0]!)).row as ConflictRecord;
    expect(c.kind).toBe('edit_on_deleted');
  });

  it.each([
    ['without a value', {}, 'invalid'],
    ['with a string instead of fields', { value: 'text' }, 'invalid'],
    ['with a wrong type', { value: { rating: 'five' } }, 'invalid'],
    ['erasing a required field', { value: { kind: null } }, 'invalid'],
    ['moving it to a visit of site B', { value: { visitId: 'x'.repeat(20) } }, 'immutable_field'],
  ])('%s: rejected, still deleted', async (_name, extra, code) => {
    const r = await resolve('member', { conflictId: c.id, resolution: 'edited', ...extra });
    expect(r).toEqual({ status: 'rejected', code });
    const obs = await current('coordinator', c.entityId);
    expect(obs.deleted).toBe(true);
  });
});

describe('who may resolve', () => {
  let c: ConflictRecord;
  beforeAll(async () => {
    c = await fieldConflict('site', t.sites.a.siteId, 'notes', 'one', 'two', [
      'coordinator',
      'coordinator',
    ]);
  });

  it('a conflict in another site is not found for a site-B account', async () => {
    expect(await resolve('qmB', { conflictId: c.id, resolution: 'mine' })).toEqual({
      status: 'rejected',
      code: 'not_found',
    });
  });

  it.each<Who>(['member', 'qmA'])(
    'a non-party (%s, may not write sites) is forbidden',
    async (w) => {
      expect(await resolve(w, { conflictId: c.id, resolution: 'edited', value: 'x' })).toEqual({
        status: 'rejected',
        code: 'forbidden',
      });
      const site = await current('coordinator', t.sites.a.siteId);
      expect((site.row as { notes: string }).notes).toBe('one');
    },
  );
});
