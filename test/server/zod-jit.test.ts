// The server process builds its schemas with zod's compiled parsers (src/server/zod-jit.ts, the
// first import of main.ts); the browser cannot (no eval under its CSP). Both must answer alike:
// the same data for valid pushes, the same issues for invalid ones.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Doc } from 'zod/v4/core';
import { observationFields } from '../support/rows';

type Schemas = {
  IncomingSyncRequest: import('zod').ZodType;
  Mutation: import('zod').ZodType;
  observation: import('zod').ZodType;
  visit: import('zod').ZodType;
};

/** The sync schemas, built anew with zod's parsers compiled (jit) or not. */
async function schemasBuilt(jit: boolean): Promise<Schemas> {
  vi.resetModules();
  const { z } = await import('../../src/shared/zod');
  if (jit) await import('../../src/server/zod-jit');
  expect(z.config().jitless).toBe(!jit);
  const { Mutation } = await import('../../src/shared/protocol');
  const { ENTITY_SCHEMAS } = await import('../../src/shared/domain/schemas');
  const { IncomingSyncRequest } = await import('../../src/server/sync/incoming');
  return {
    IncomingSyncRequest,
    Mutation,
    observation: ENTITY_SCHEMAS.observation.strict(),
    visit: ENTITY_SCHEMAS.visit.strict(),
  };
}

afterEach(async () => {
  vi.resetModules();
  (await import('../../src/shared/zod')).z.config({ jitless: true });
});

const id = (n: number) => `0193a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const now = '2026-12-03T10:00:00.000Z';
const observation = {
  ...observationFields(id(2), id(1)),
  fieldId: 'neighbourhood',
  rating: 4,
  text: 'Spielplatz gut angenommen, Bänke fehlen',
  place: 'Marktplatz',
  author: 'Bench',
  createdAt: now,
};
const mutation = {
  id: id(3),
  clientSeq: 1,
  entity: 'observation',
  entityId: id(1),
  op: 'create',
  baseVersion: null,
  fields: observation,
  schemaVersion: 1,
  clientTime: now,
};
const request = {
  protocol: 1,
  appVersion: 'test',
  schemaVersion: 1,
  clientId: id(4),
  cursor: null,
  outboxHighWater: 1,
  mutations: [mutation],
  pullLimit: 9999,
};

/** Each case: the schema and a value, valid or not. */
const cases: [keyof Schemas, unknown][] = [
  ['IncomingSyncRequest', request],
  ['IncomingSyncRequest', { ...request, cursor: 'x1' }],
  ['IncomingSyncRequest', { ...request, mutations: [{ id: 'no uuid' }] }],
  ['IncomingSyncRequest', { ...request, extra: true, pullLimit: 0 }],
  ['Mutation', mutation],
  ['Mutation', { ...mutation, op: 'upsert', clientTime: '2026-02-30T10:00:00.000Z' }],
  ['Mutation', { ...mutation, fields: [], baseVersion: -1, surplus: 1 }],
  ['observation', observation],
  ['observation', { ...observation, rating: 9, unknownField: 1 }],
  ['observation', { ...observation, text: 7, createdAt: '2026-13-01T00:00:00.000Z' }],
  ['observation', { ...observation, lat: 91, fieldId: 'nowhere' }],
  ['observation', null],
  ['visit', { id: id(5) }],
];

const outcome = (r: {
  success: boolean;
  data?: unknown;
  error?: { issues: { code: string; path: PropertyKey[]; message: string }[] };
}) =>
  r.success
    ? { data: r.data }
    : { issues: r.error!.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })) };

describe('zod with compiled parsers on the server', () => {
  it('is what the server process runs with after zod-jit.ts', async () => {
    await schemasBuilt(true);
  });

  it('answers every valid and invalid push exactly as the parsers the browser runs', async () => {
    const compile = vi.spyOn(Doc.prototype, 'compile');
    const interpreted = await schemasBuilt(false);
    const expected = cases.map(([schema, value]) => outcome(interpreted[schema].safeParse(value)));
    expect(compile).not.toHaveBeenCalled();
    const compiled = await schemasBuilt(true);
    const got = cases.map(([schema, value]) => outcome(compiled[schema].safeParse(value)));
    // The compiled parsers really ran: one per object shape parsed.
    expect(compile).toHaveBeenCalled();
    expect(got).toEqual(expected);
    // The cases cover both outcomes.
    expect(expected.filter((o) => 'data' in o)).toHaveLength(3);
  });
});
