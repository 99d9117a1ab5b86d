// The change feed (docs/architecture.md §Pull): rows after the cursor in seq order, in the
// user's scope, paged by pullLimit and by bytes (SyncLimits.pullPageBytes; the first change
// always fits, so a single large row still moves). It runs after the push has committed, in one
// read snapshot (ServerDb.readTx): the page and the returned cursor come from one snapshot, and
// no pull takes or waits for the writer.
//
// Reset: a cursor the server cannot continue from answers `reset` and a first page from seq 0;
// the device then replaces its copy with the snapshot it pulls (keeping its outbox):
//   - 'cursor_too_old': the cursor is ahead of this server's newest seq (the server's data was
//     wiped or restored from an older backup), or inside the seqs a restored backup skipped
//     (store/sqlite/restore-marker.ts) — the device's copy is not this server's history;
//   - 'scope_changed': the user's role or site changed since this device last synced, so rows
//     it holds may no longer be visible (or new ones became visible before its cursor).
import type { User } from '../../shared/auth';
import type { SyncResponse } from '../../shared/protocol';
import { readScope, scopeKey } from '../../shared/policy';
import type { ServerDb, StoreTx } from '../store/store';

export type PullResult = Pick<SyncResponse, 'changes' | 'cursor' | 'hasMore' | 'reset'>;

/** limit: the request's pullLimit, already an integer in 1..MAX_PULL_LIMIT (incoming.ts clamps it). */
export function pull(
  db: ServerDb,
  user: User,
  cursor: string | null,
  limit: number,
  previousScope: string | null,
  maxBytes: number,
): Promise<PullResult> {
  return db.readTx((tx) => pullIn(tx, user, cursor, limit, previousScope, maxBytes));
}

/**
 * The page in a read snapshot the caller holds: a sync without pushes reads its device's row in
 * the same snapshot (sync-service.ts), so what it answers about the device and the page agree.
 */
export async function pullIn(
  tx: StoreTx,
  user: User,
  cursor: string | null,
  limit: number,
  previousScope: string | null,
  maxBytes: number,
): Promise<PullResult> {
  const newest = await tx.feed.currentSeq();
  let from = cursor === null ? 0 : Number(cursor);
  let reset: PullResult['reset'];
  if (from > newest || (from > 0 && (await tx.feed.lostCursor(from))))
    reset = { reason: 'cursor_too_old' };
  else if (from > 0 && previousScope !== null && previousScope !== scopeKey(user))
    reset = { reason: 'scope_changed' };
  if (reset) from = 0;

  const { changes, hasMore } = await tx.feed.page({
    cursor: from,
    limit,
    maxBytes,
    userId: user.id,
    siteId: readScope(user).siteId,
  });
  const next = hasMore ? changes[changes.length - 1]!.seq : newest;
  // Cursor and hasMore go before the changes in the JSON: a device reading the answer as it
  // arrives asks for the next page while the rest of this one is still on the way.
  return { cursor: String(next), hasMore, ...(reset ? { reset } : {}), changes };
}
