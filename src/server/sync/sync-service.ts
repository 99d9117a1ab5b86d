// POST /api/v1/sync as one function: push inside a write transaction, then pull from a read
// snapshot outside it (docs/architecture.md §Push, §Pull). The push runs in ServerDb.groupTx:
// the request is one SAVEPOINT, and concurrent requests share one write transaction and its
// fsync; the pull starts only after that commit is durable, in a read snapshot
// (ServerDb.readTx), so a pull never holds or waits for the writer and its page and cursor come
// from one snapshot that includes this push. Per mutation, in clientSeq order:
//   1. clientSeq ≤ lastClientSeq → the stored result as 'duplicate' (a different mutation id for
//      that seq is a protocol error: 409 seq_reused);
//   2. clientSeq > lastClientSeq + 1 → stop: 409 { error: 'gap', expected } (the prefix before
//      the gap is committed, so its results are answered as duplicates on the next push);
//   3. apply (validate, authorize, merge, limits; invalid/forbidden/too large → rejection record);
//   4. store the result in applied_mutations and advance lastClientSeq.
// A clientId the server has never seen whose first mutation is not clientSeq 1 means the server
// lost its history (data wiped or restored from an older backup): it answers 409 gap expected 1,
// and the device resends from its journal or takes a new identity (docs/adr/0006-device-recovery.md).
// Step 3 first asks replay.ts: a mutation id this account already applied under another device
// identity answers its stored result as a duplicate instead of being applied twice.
// A schemaVersion older than MIN_SCHEMA_VERSION is 426 upgrade_required before anything is read
// (an unknown protocol is refused the same way by http/json-body.ts).
// A request that pushes nothing from a device whose scope is already recorded takes no part in
// the group commit at all: it reads its page at once and notes the device's last-seen
// bookkeeping for a later commit (ServerDb.notePulled), so polling devices neither wait behind
// pushes and their fsync nor add work to the writer. A first pull, a fresh pull under a new
// scope, or a clientId of another account takes the transactional path below, which records
// the scope before the answer (the scope_changed reset depends on it) or refuses.
import type { User } from '../../shared/auth';
import {
  type ApiErrorCode,
  MIN_SCHEMA_VERSION,
  type MutationResult,
  PROTOCOL_VERSION,
  type SyncResponse,
} from '../../shared/protocol';
import { scopeKey } from '../../shared/policy';
import { SYNC_LIMITS } from '../config';
import type { ServerDb } from '../store/store';
import type { ApplyContext } from './apply-context';
import { NeedsSavepoints, applyMutation } from './apply-mutation';
import type { IncomingSyncRequest } from './incoming';
import { type PullResult, pull, pullIn } from './pull';
import { replayedElsewhere } from './replay';

export class SyncHttpError extends Error {
  override name = 'SyncHttpError';
  constructor(
    readonly status: 403 | 409 | 426,
    readonly body: { error: ApiErrorCode; message: string } & Record<string, unknown>,
  ) {
    super(String(body['message'] ?? body['error']));
  }
}

type Pushed = { results: MutationResult[]; last: number; previousScope: string | null };

export async function handleSync(
  db: ServerDb,
  user: User,
  req: IncomingSyncRequest,
  now: Date,
): Promise<SyncResponse> {
  if (req.schemaVersion < MIN_SCHEMA_VERSION)
    throw new SyncHttpError(426, {
      error: 'upgrade_required',
      message: `schema ${req.schemaVersion} is older than ${MIN_SCHEMA_VERSION}, the oldest this server reads; update the app`,
      protocol: PROTOCOL_VERSION,
      minSchemaVersion: MIN_SCHEMA_VERSION,
    });
  const nowIso = now.toISOString();
  if (req.mutations.length === 0) {
    const polled = await pullOnly(db, user, req);
    if (polled) {
      db.notePulled(req.clientId, {
        outboxHighWater: req.outboxHighWater,
        appVersion: req.appVersion,
        schemaVersion: req.schemaVersion,
        now: nowIso,
      });
      return answer([], polled.lastClientSeq, polled.feed, nowIso);
    }
  }
  // savepointPerMutation: see applyMutation; a push run without them that hit a refusal left
  // nothing behind (its own savepoint rolled back) and runs once more with them.
  const push = (savepointPerMutation: boolean) =>
    db.groupTx(async (tx): Promise<{ stop: SyncHttpError } | { pushed: Pushed }> => {
      let stop: SyncHttpError | null = null;
      let client = await tx.sync.client(req.clientId);
      if (!client) {
        // Never adopt a numbering that does not start at 1: the gap answer makes the device resend
        // what this server lost (restored backup), or take a new identity (ADR 0006).
        const first = req.mutations[0]?.clientSeq ?? 1;
        await tx.sync.insertClient(req.clientId, user.id);
        if (first > 1 && !savepointPerMutation)
          console.warn(
            JSON.stringify({ event: 'unknown_client_history', clientId: req.clientId, first }),
          );
        client = { userId: user.id, lastClientSeq: 0, scopeKey: null };
      }
      if (client.userId !== user.id) {
        throw new SyncHttpError(403, {
          error: 'forbidden',
          message: 'this clientId belongs to another account; use a new clientId per account',
        });
      }
      let last = client.lastClientSeq;
      const results: MutationResult[] = [];
      const ctx: ApplyContext = {
        tx,
        user,
        clientId: req.clientId,
        now: nowIso,
        cursor: Number(req.cursor ?? 0),
        limits: SYNC_LIMITS,
        savepointPerMutation,
      };
      for (const m of req.mutations) {
        if (m.clientSeq <= last) {
          const stored = await tx.sync.applied(req.clientId, m.clientSeq);
          if (!stored || stored.mutationId !== m.id) {
            stop = new SyncHttpError(409, {
              error: 'seq_reused',
              message: `clientSeq ${m.clientSeq} was already used by another mutation`,
              expected: last + 1,
            });
            break;
          }
          const original = stored.result;
          results.push({
            ...original,
            status: 'duplicate',
            originalStatus: original.status as 'applied' | 'conflict' | 'rejected',
          });
          continue;
        }
        if (m.clientSeq !== last + 1) {
          stop = new SyncHttpError(409, {
            error: 'gap',
            message: `expected clientSeq ${last + 1}, got ${m.clientSeq}`,
            expected: last + 1,
          });
          break;
        }
        // A change this account already made under another device identity (replay.ts); the
        // same lookup says whether any device used the id (one read for both).
        const prior = await tx.sync.priorApplication(m.id, user.id);
        const again = replayedElsewhere(prior.own, m);
        const result = again?.stored ?? (await applyMutation(ctx, m, prior.used));
        await tx.sync.insertApplied(req.clientId, m.clientSeq, m.id, result, nowIso);
        results.push(again?.answer ?? result);
        last = m.clientSeq;
      }
      await tx.sync.advanceClient(req.clientId, last);
      const previousScope = client.scopeKey;
      await tx.sync.clientSeen(req.clientId, {
        outboxHighWater: req.outboxHighWater,
        appVersion: req.appVersion,
        schemaVersion: req.schemaVersion,
        scopeKey: scopeToRecord(req, user, previousScope),
        now: nowIso,
      });
      if (stop) return { stop };
      return { pushed: { results, last, previousScope } };
    });
  const outcome = await push(false).catch((e: unknown) => {
    if (e instanceof NeedsSavepoints) return push(true);
    throw e;
  });
  if ('stop' in outcome) throw outcome.stop;
  const { results, last, previousScope } = outcome.pushed;
  const feed = await pull(
    db,
    user,
    req.cursor,
    req.pullLimit,
    previousScope,
    SYNC_LIMITS.pullPageBytes,
  );
  return answer(results, last, feed, nowIso);
}

/**
 * The scope recorded as the device's current one: it changes only when the device pulls from
 * scratch (or none was recorded), so after a scope_changed reset whose answer got lost, the
 * retry still resets.
 */
function scopeToRecord(req: IncomingSyncRequest, user: User, previous: string | null): string {
  const fresh = req.cursor === null || Number(req.cursor) === 0;
  return fresh || previous === null ? scopeKey(user) : previous;
}

/**
 * A pull without pushes from a known device whose recorded scope stays as it is (null: any other
 * request, which takes the transactional path). The device's row and the page come from ONE read
 * snapshot (pull.ts), which holds only committed transactions, and every write transaction holds
 * the one seq counter from its start to its commit (SQLite: one writer; PostgreSQL: the counter
 * row's lock), so the snapshot never holds a seq whose predecessor is still uncommitted (no cursor
 * skip, invariant I5), and the lastClientSeq answered is the one of the moment the page was read.
 */
function pullOnly(
  db: ServerDb,
  user: User,
  req: IncomingSyncRequest,
): Promise<{ lastClientSeq: number; feed: PullResult } | null> {
  return db.readTx(async (tx) => {
    const client = await tx.sync.client(req.clientId);
    if (client?.userId !== user.id || scopeToRecord(req, user, client.scopeKey) !== client.scopeKey)
      return null;
    const feed = await pullIn(
      tx,
      user,
      req.cursor,
      req.pullLimit,
      client.scopeKey,
      SYNC_LIMITS.pullPageBytes,
    );
    return { lastClientSeq: client.lastClientSeq, feed };
  });
}

function answer(
  results: MutationResult[],
  lastClientSeq: number,
  feed: PullResult,
  nowIso: string,
): SyncResponse {
  return {
    protocol: PROTOCOL_VERSION,
    results,
    lastClientSeq,
    ...feed,
    minSchemaVersion: MIN_SCHEMA_VERSION,
    serverTime: nowIso,
  };
}
