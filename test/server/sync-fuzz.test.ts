// Whatever a client sends, the sync endpoint answers 2xx/4xx with an ApiError or SyncResponse
// body, never a 500 — and the server's sync invariants still hold afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, SyncResponse } from '../../src/shared/protocol';
import { runCli } from '../../src/server/cli';
import { type Harness, makeDevice, makeHarness, seedVisit } from '../support/server';

let h: Harness;
let token: string;
let visitId: string;
beforeAll(async () => {
  h = await makeHarness();
  token = (await h.user('member')).token;
  const admin = makeDevice(h, (await h.user('coordinator')).token);
  visitId = (await seedVisit(admin)).visit.id;
});
afterAll(() => h.close());

const entity = fc.constantFrom(
  'site',
  'visit',
  'observation',
  'checklistItem',
  'followUp',
  'photo',
  'conflictResolution',
  'nope',
);
const op = fc.constantFrom('create', 'patch', 'delete', 'restore', 'merge');
const fields = fc.oneof(
  fc.dictionary(
    fc.constantFrom(
      'id',
      'visitId',
      'text',
      'goals',
      'rating',
      'siteId',
      'conflictId',
      'resolution',
      'value',
      '__proto__',
    ),
    fc.jsonValue(),
  ),
  fc.jsonValue(),
);

describe('sync endpoint under arbitrary input', () => {
  it('never answers 500, and answers well-formed bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            entity,
            op,
            fields,
            baseVersion: fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 10_000 })),
            entityId: fc.oneof(fc.constant('x'), fc.uuid()),
          }),
          { maxLength: 5 },
        ),
        fc.option(fc.jsonValue()),
        async (ms, junk) => {
          const d = makeDevice(h, token);
          const mutations = ms.map((m) => ({
            ...d.mutation('visit', visitId, 'patch'),
            ...m,
            fields:
              m.op === 'create' && typeof m.fields === 'object' && m.fields
                ? { ...m.fields, visitId }
                : m.fields,
          }));
          const body =
            junk === null
              ? d.request(mutations as never)
              : { ...d.request(mutations as never), junk };
          const res = await d.post(body);
          expect(res.status).toBeLessThan(500);
          const json = await res.json();
          if (res.status === 200) expect(SyncResponse.safeParse(json).success).toBe(true);
          else expect(ApiError.safeParse(json).success).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    await runCli(['check'], h.dbFile, () => {});
  });
});
