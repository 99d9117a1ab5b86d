// The sync request as the server reads it: the shared SyncRequest, except that each mutation is
// only required to carry its id and clientSeq. A mutation that breaks the rest of the Mutation
// schema (unknown entity or op, bad baseVersion …) then becomes a rejection record for that one
// mutation instead of a 400 for the whole request, which would block the device's queue forever.
import { Id } from '../../shared/domain/schemas';
import { MAX_MUTATIONS_PER_PUSH, SyncRequest } from '../../shared/protocol';
import { z } from '../../shared/zod';

export const MutationEnvelope = z.object({ id: Id, clientSeq: z.number().int().min(1) }).loose();
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const IncomingSyncRequest = SyncRequest.extend({
  mutations: z.array(MutationEnvelope).max(MAX_MUTATIONS_PER_PUSH),
});
export type IncomingSyncRequest = z.infer<typeof IncomingSyncRequest>;
