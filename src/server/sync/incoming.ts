// The sync request as the server reads it: the shared SyncRequest, except that each mutation is
// only required to carry its id and clientSeq. A mutation that breaks the rest of the Mutation
// schema (unknown entity or op, bad baseVersion …) then becomes a rejection record for that one
// mutation instead of a 400 for the whole request, which would block the device's queue forever.
// pullLimit is clamped to MAX_PULL_LIMIT rather than refused, and any schemaVersion is read so
// that one older than the server upcasts gets 426 (sync-service.ts), not a 400 the device retries.
import { Id } from '../../shared/domain/schemas';
import { MAX_MUTATIONS_PER_PUSH, MAX_PULL_LIMIT, SyncRequest } from '../../shared/protocol';
import { z } from '../../shared/zod';

export const MutationEnvelope = z.object({ id: Id, clientSeq: z.number().int().min(1) }).loose();
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const IncomingSyncRequest = SyncRequest.extend({
  mutations: z.array(MutationEnvelope).max(MAX_MUTATIONS_PER_PUSH),
  schemaVersion: z.number().int(),
  pullLimit: z
    .number()
    .int()
    .min(1)
    .transform((n) => Math.min(n, MAX_PULL_LIMIT)),
});
export type IncomingSyncRequest = z.infer<typeof IncomingSyncRequest>;

/** Deeper than any mutation of the domain needs (a few levels), far below SQLite's json() limit (1000). */
export const MAX_JSON_DEPTH = 64;

/** Is `value` nested more than `max` levels deep? Iterative, so any depth is safe to ask about. */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
