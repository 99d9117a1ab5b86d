// Choose the next push batch: contiguous clientSeq order, bounded by count and bytes (protocol.ts limits).
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES, type Mutation } from '../../shared/protocol';
import type { OutboxEntry } from '../db/schema';

/** The wire form of an outbox entry: local bookkeeping stays on the device. */
export function toMutation(e: OutboxEntry): Mutation {
  // The server validates a create as a whole record, id included (the outbox stores it without).
  const fields =
    e.op === 'create' && e.entity !== 'conflictResolution'
      ? { ...e.fields, id: e.entityId }
      : e.fields;
  return {
    id: e.id,
    clientSeq: e.clientSeq,
    entity: e.entity,
    entityId: e.entityId,
    op: e.op,
    baseVersion: e.baseVersion,
    fields,
    schemaVersion: e.schemaVersion,
    clientTime: e.clientTime,
  };
}

const encoder = new TextEncoder();
export const byteSize = (v: unknown): number => encoder.encode(JSON.stringify(v)).byteLength;

/**
 * Take entries from the front (already sorted by clientSeq) while they fit.
 * Always takes at least one, so a single large mutation still reaches the server, which
 * answers 413 or a rejection record instead of the queue silently stalling here.
 */
export function takeBatch(
  sorted: readonly OutboxEntry[],
  maxCount = MAX_MUTATIONS_PER_PUSH,
  maxBytes = MAX_PUSH_BYTES - 4096,
): Mutation[] {
  const out: Mutation[] = [];
  let bytes = 0;
  for (const e of sorted) {
    if (out.length >= maxCount) break;
    const m = toMutation(e);
    const size = byteSize(m) + 1;
    if (out.length > 0 && bytes + size > maxBytes) break;
    out.push(m);
    bytes += size;
  }
  return out;
}
