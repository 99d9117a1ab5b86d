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
import {
  type PageHead,
  type TransportOptions,
  type TransportResult,
  linkedSignal,
  postSync,
} from './transport';

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
  /** Long request bodies go gzip-compressed (TransportOptions.gzip). */
  gzip?: boolean;
  /** A compressed body was refused where the plain one was not (TransportOptions.onGzipRefused). */
  onGzipRefused?: () => void;
};

/**
 * A pull-only request from `cursor` (step 7). The round that sent it, or the next round when it
 * was asked ahead, uses its answer; `head` is the answer's cursor as soon as it arrived.
 */
type PageAsk = {
  cursor: string | null;
  clientId: string;
  result: Promise<TransportResult>;
  head?: PageHead;
  cancel(): void;
};

export async function runSync(ctx: LoopContext): Promise<SyncOutcome> {
  const out: SyncOutcome = { status: 'ok', pushed: 0, pulled: 0, roundTrips: 0 };
  // Step 7: at most two pull requests in flight — the page this round handles (`current`) and
  // the next one (`ahead`), asked as soon as `current`'s head names its cursor.
  let current: PageAsk | null = null;
  let ahead: PageAsk | null = null;
  let over = false;
  /** How a request of this run is sent. */
  const transport = (token: string, signal: AbortSignal | undefined): TransportOptions => ({
    baseUrl: ctx.baseUrl,
    token,
    fetch: ctx.fetch,
    now: ctx.now,
    signal,
    gzip: ctx.gzip,
    onGzipRefused: ctx.onGzipRefused,
  });
  const send = (req: SyncRequest, token: string) => {
    out.roundTrips++;
    return postSync(req, transport(token, ctx.signal));
  };
  /** Sends the pull-only request `req`; its head may start the next page (see pump). */
  const ask = (req: SyncRequest, token: string): PageAsk => {
    const stop = new AbortController();
    const both = linkedSignal(ctx.signal, stop.signal);
    const a: PageAsk = {
      cursor: req.cursor,
      clientId: req.clientId,
      result: Promise.resolve({ kind: 'aborted' }),
      cancel: () => stop.abort(),
    };
    const onHead = (head: PageHead) => {
      a.head = head;
      pump(req, token);
    };
    a.result = postSync(req, { ...transport(token, both.signal), onHead }).finally(both.release);
    out.roundTrips++;
    return a;
  };
  /** Asks for the page after `current` once its head is known, unless one is already asked. */
  const pump = (req: SyncRequest, token: string) => {
    const head = current?.head;
    if (over || ahead || !head || !head.hasMore || head.reset || ctx.signal?.aborted) return;
    ahead = ask({ ...req, cursor: head.cursor, mutations: [] }, token);
  };
  /** The page asked ahead, if it answers this round's request; otherwise it is dropped. */
  const takeAhead = (cursor: string | null, clientId: string, pushes: number): PageAsk | null => {
    const a = ahead;
    ahead = null;
    if (!a) return null;
    if (pushes > 0 || a.cursor !== cursor || a.clientId !== clientId) {
      a.cancel();
      return null;
    }
    return a;
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
      const req = request(input.cursor, mutations);
      const pullOnly: boolean =
        mutations.length === 0 && input.fromJournal.length === 0 && fromSeq === null;
      current = takeAhead(fromSeq === null ? input.cursor : null, clientId, mutations.length);
      // A failed page ahead changes nothing: this round asks again as if it had never been sent.
      let r: TransportResult | null = null;
      if (current) {
        pump(req, token); // its head may have come while the previous page was applied
        r = await current.result;
        if (r.kind !== 'ok' && r.kind !== 'aborted') r = null;
      }
      if (!r) {
        current = pullOnly ? ask(req, token) : null;
        r = await (current?.result ?? send(req, token));
      }
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
          // 7. Apply everything in one transaction. A pull-only round asked for the next page
          //    as soon as this answer's head arrived (pump); that page's cursor is only stored
          //    when it is applied, in the same transaction as its rows, after this one.
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
    over = true;
    (ahead as PageAsk | null)?.cancel(); // a run never leaves a request behind
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
