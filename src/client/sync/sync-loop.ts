// One sync run: push the outbox in clientSeq order and pull changes in the same request,
// repeated while the server has more or the device still has pending entries.
// Steps as in docs/architecture.md §Sync run. Every answer of §Errors ends here in exactly one branch; the outbox is only ever changed by
// applySyncResponse, so no failure path can lose or reorder an entry.
import {
  MAX_MUTATIONS_PER_PUSH,
  MAX_PULL_LIMIT,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  type SyncRequest,
  type SyncResponse,
} from '../../shared/protocol';
import { applySyncResponse } from '../db/sync-apply';
import {
  countPending,
  highestAcknowledged,
  readPushInput,
  recordPushFailure,
  renewIdentity,
  resetForRefetch,
} from '../db/sync-store';
import type { AppDb } from '../db/schema';
import { takeBatch } from './batch';
import { type TransportResult, linkedSignal, postSync } from './transport';

export const PULL_LIMIT = MAX_PULL_LIMIT;
/** Rounds per run before yielding to the scheduler (a fresh device may need more; it continues). */
export const MAX_ROUNDS = 50;
const MAX_GAP_RESENDS = 3;
/** New device identities per run (a second one means something else is wrong: visible error). */
const MAX_RENEWALS = 2;

export type SyncOutcome = {
  status: 'ok' | 'retry' | 'auth' | 'update_required' | 'signed_out' | 'stopped';
  /** Mutations the server answered (applied, duplicate, conflict or rejected). */
  pushed: number;
  pulled: number;
  roundTrips: number;
  /** ok but stopped after MAX_ROUNDS: run again soon. */
  more?: boolean;
  error?: { code: string; message: string };
  /** retry: server-requested delay (Retry-After), else the engine backs off. */
  retryInMs?: number | null;
  /** The run recovered by itself from a server that lost history or a copied profile (step 4). */
  recovered?: { kind: 'server_restored' | 'new_identity'; resent: number };
};

export type LoopContext = {
  db: AppDb;
  /** The device id the run starts with; a recovery may replace it (step 4). */
  clientId: string;
  baseUrl: string;
  appVersion: string;
  getToken(): string | null;
  fetch: typeof fetch;
  now(): number;
  /** Push size, halved on 413 and regrown on success; lives as long as the engine. */
  limit: { count: number };
  /** The engine stopped (logout): end the run without recording anything. */
  signal?: AbortSignal;
};

/**
 * The next page, requested while the current one is applied (step 7): the answer to a pull-only
 * request from `cursor`. It is used only by a round that would send exactly that request.
 */
type PageAhead = {
  cursor: string;
  clientId: string;
  result: Promise<TransportResult>;
  cancel(): void;
};

export async function runSync(ctx: LoopContext): Promise<SyncOutcome> {
  const out: SyncOutcome = { status: 'ok', pushed: 0, pulled: 0, roundTrips: 0 };
  let ahead: PageAhead | null = null;
  const send = (req: SyncRequest, token: string, signal = ctx.signal) => {
    out.roundTrips++;
    return postSync(req, { baseUrl: ctx.baseUrl, token, fetch: ctx.fetch, now: ctx.now, signal });
  };
  /** The page requested ahead, if it answers this round's request; otherwise it is dropped. */
  const takeAhead = async (
    cursor: string | null,
    clientId: string,
    pushes: number,
  ): Promise<TransportResult | null> => {
    const a = ahead;
    ahead = null;
    if (!a) return null;
    if (pushes > 0 || a.cursor !== cursor || a.clientId !== clientId) {
      a.cancel();
      return null;
    }
    const r = await a.result;
    // A failed page ahead changes nothing: this round asks again as if it had never been sent.
    return r.kind === 'ok' ? r : null;
  };
  let fromSeq: number | null = null;
  let gapResends = 0;
  let renewals = 0;
  const stopped = () => ({ ...out, status: 'stopped' as const });
  /** Adds `resent` entries to this run's recovery of `kind` (step 4). */
  const recovered = (kind: NonNullable<SyncOutcome['recovered']>['kind'], resent: number) => {
    const before = out.recovered?.kind === kind ? out.recovered.resent : 0;
    out.recovered = { kind, resent: before + resent };
  };
  // 4. A new device identity: renumber what the server lacks, then resend it (ADR 0006).
  const renew = async (clientId: string, from: number) => {
    const r = await renewIdentity(ctx.db, clientId, from);
    if (r.clientId !== clientId) recovered('new_identity', r.renumbered);
    fromSeq = null;
  };
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (ctx.signal?.aborted) return stopped();
      // 1. No token: nothing to do until someone signs in (the outbox waits).
      const token = ctx.getToken();
      if (!token) return { ...out, status: 'signed_out' };
      // 2. Next batch: pending entries in clientSeq order (after a gap: from `expected`).
      const input = await readPushInput(ctx.db, fromSeq, ctx.limit.count);
      const clientId = input.clientId || ctx.clientId;
      if (fromSeq !== null && !input.covered) {
        // 4. Neither journal nor outbox reaches back to the seq the server expects.
        if (++renewals > MAX_RENEWALS)
          return fail([], 'gap', `server expects clientSeq ${fromSeq}, not on this device`);
        await renew(clientId, fromSeq);
        continue;
      }
      const mutations = takeBatch(input.entries, ctx.limit.count);
      // 3. One request pushes and pulls (or its answer was requested ahead, step 7).
      const request = (cursor: string | null, batch: typeof mutations): SyncRequest => ({
        protocol: PROTOCOL_VERSION,
        appVersion: ctx.appVersion,
        schemaVersion: SCHEMA_VERSION,
        clientId,
        cursor,
        outboxHighWater: input.highWater,
        mutations: batch,
        pullLimit: PULL_LIMIT,
      });
      const r: TransportResult =
        (await takeAhead(fromSeq === null ? input.cursor : null, clientId, mutations.length)) ??
        (await send(request(input.cursor, mutations), token));
      if (r.kind === 'aborted' || ctx.signal?.aborted) return stopped();
      const seqs = mutations.map((m) => m.clientSeq);
      switch (r.kind) {
        case 'auth':
          return {
            ...out,
            status: 'auth',
            error: { code: 'unauthorized', message: 'sign in again' },
          };
        case 'update_required':
          return {
            ...out,
            status: 'update_required',
            error: { code: 'update_required', message: 'app update required' },
          };
        case 'retry_after':
          return fail(seqs, `http_${r.status}`, 'server busy', r.delayMs);
        case 'transient':
          return fail(seqs, r.code, r.message);
        case 'gap':
          // 4. The server misses entries before our batch (restored from a backup): resend from
          //    the seq it expects out of journal + outbox, or take a new identity (next round).
          if (++gapResends > MAX_GAP_RESENDS)
            return fail(seqs, 'gap', `server expects clientSeq ${r.expected}, not on this device`);
          fromSeq = r.expected;
          continue;
        case 'seq_reused':
          // 4. Another copy of this profile numbered differently (copied or rolled back).
          if (++renewals > MAX_RENEWALS)
            return fail(seqs, 'seq_reused', 'this device numbering is used by another copy');
          await renew(clientId, r.expected);
          continue;
        case 'too_large':
          // 5. 413: halve the batch; a single mutation that is too large waits with a visible error.
          if (mutations.length <= 1)
            return fail(seqs, 'too_large', 'a single change exceeds the server limit');
          ctx.limit.count = Math.max(1, Math.floor(mutations.length / 2));
          continue;
        case 'ok': {
          const res: SyncResponse = r.res;
          // 4. The server acknowledged more of this device's entries before than it has now (a
          //    restored backup, seen even with nothing pending): resend them from the journal
          //    BEFORE any reset, which would otherwise drop the rows they describe.
          const acknowledged = await highestAcknowledged(ctx.db);
          if (res.lastClientSeq < acknowledged) {
            if (++gapResends > MAX_GAP_RESENDS + Math.ceil(acknowledged / ctx.limit.count))
              return fail(seqs, 'gap', `server lost changes up to clientSeq ${acknowledged}`);
            fromSeq = res.lastClientSeq + 1;
            continue;
          }
          // Journal entries the server took as new (not as duplicates) were lost by a restore.
          const journaled = new Set(input.fromJournal);
          const lost = res.results.filter(
            (x) => journaled.has(x.clientSeq) && x.status !== 'duplicate',
          ).length;
          if (lost > 0) recovered('server_restored', lost);
          // 6. Reset: forget server-owned rows (never the outbox) and refetch from cursor null.
          if (res.reset && input.cursor !== null) {
            await resetForRefetch(ctx.db);
            fromSeq = null;
            continue;
          }
          // 7. Apply everything in one transaction. When more pages wait and nothing is to be
          //    pushed, the next page is requested meanwhile (at most one ahead). Its cursor is only
          //    stored when that page is applied, in the same transaction as its rows.
          if (
            res.hasMore &&
            mutations.length === 0 &&
            input.fromJournal.length === 0 &&
            (await countPending(ctx.db)) === 0
          ) {
            const ask = new AbortController();
            const both = linkedSignal(ctx.signal, ask.signal);
            const result = send(request(res.cursor, []), token, both.signal).finally(both.release);
            ahead = { cursor: res.cursor, clientId, result, cancel: () => ask.abort() };
          }
          const sum = await applySyncResponse(ctx.db, res, clientId, ctx.now());
          out.pushed += res.results.length;
          out.pulled += sum.pulled;
          ctx.limit.count = Math.min(MAX_MUTATIONS_PER_PUSH, ctx.limit.count * 2);
          const first = mutations[0];
          if (
            first &&
            sum.acked + sum.rejected === 0 &&
            (await ctx.db.outbox.get(first.clientSeq))?.state === 'pending'
          ) {
            return fail(seqs, 'no_progress', 'the server did not answer the pushed changes');
          }
          fromSeq = null;
          // 8. Loop while the server has more or entries wait (a write may have landed meanwhile).
          if (res.hasMore) continue;
          if ((await countPending(ctx.db)) > 0) continue;
          return out;
        }
      }
    }
    return { ...out, more: true };
  } finally {
    (ahead as PageAhead | null)?.cancel(); // a run never leaves a request behind
  }

  async function fail(
    clientSeqs: number[],
    code: string,
    message: string,
    retryInMs: number | null = null,
  ): Promise<SyncOutcome> {
    await recordPushFailure(ctx.db, clientSeqs, `${code}: ${message}`);
    return { ...out, status: 'retry', error: { code, message }, retryInMs };
  }
}
