// The server side of device recovery (docs/architecture.md §Push step 3,
// docs/adr/0006-device-recovery.md). A mutation id is the identity of a change; a clientSeq only
// orders one device's stream. A device that had to take a new identity (a copied or rolled-back
// profile, or a restored server whose gap its journal could not fill) resends its changes under
// new numbers. One the server already applied for the same account under another
// (clientId, clientSeq) is answered with its stored result as a duplicate and recorded under the
// new number, instead of being applied a second time. Another account's mutation id gets no
// answer here (it stays a 'duplicate_mutation_id' rejection: no result of another user leaks).
import type { MutationResult } from '../../shared/protocol';
import type { AppliedMutation } from '../store/types';
import type { MutationEnvelope } from './incoming';

export type Replayed = {
  /** Stored for the new (clientId, clientSeq): the original outcome under the new number. */
  stored: MutationResult;
  /** Answered to the device now. */
  answer: MutationResult;
};

/** prior: the account's own earlier application of m.id (SyncStore.priorApplication's `own`). */
export function replayedElsewhere(
  prior: AppliedMutation | null,
  m: MutationEnvelope,
): Replayed | null {
  if (!prior) return null;
  const stored: MutationResult = { ...prior.result, id: m.id, clientSeq: m.clientSeq };
  const originalStatus =
    stored.status === 'duplicate' ? (stored.originalStatus ?? 'applied') : stored.status;
  return { stored, answer: { ...stored, status: 'duplicate', originalStatus } };
}
