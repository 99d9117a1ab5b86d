// One sync run: push the outbox in clientSeq order and pull changes in the same request,
// repeated while the server has more or the device still has pending entries.
// Steps as in docs/architecture.md §Sync run. Every answer of §Errors ends here in exactly one branch; the outbox is only ever changed by
// applySyncResponse, so no failure path can lose or reorder an entry.
import { MAX_MUTATIONS_PER_PUSH, PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/protocol';
import { applySyncResponse } from '../db/sync-apply';
import { countPending, readPushInput, recordPushFailure, resetForRefetch } from '../db/sync-store';
import type { AppDb } from '../db/schema';
import { takeBatch } from './batch';
import { postSync } from './transport';

export const PULL_LIMIT = 500;
/** Rounds per run before yielding to the scheduler (a fresh device may need more; it continues). */
export const MAX_ROUNDS = 50;
const MAX_GAP_RESENDS = 3;

export type SyncOutcome = {
  status: 'ok' | 'retry' | 'auth' | 'update_required' | 'signed_out';
  /** Mutations the server answered (applied, duplicate, conflict or rejected). */
  pushed: number;
  pulled: number;
  roundTrips: number;
  /** ok but stopped after MAX_ROUNDS: run again soon. */
  more?: boolean;
  error?: { code: string; message: string };
  /** retry: server-requested delay (Retry-After), else the engine backs off. */
  retryInMs?: number | null;
};

export type LoopContext = {
  db: AppDb;
  clientId: string;
  baseUrl: string;
  appVersion: string;
  getToken(): string | null;
  fetch: typeof fetch;
  now(): number;
  /** Push size, halved on 413 and regrown on success; lives as long as the engine. */
  limit: { count: number };
};

export async function runSync(ctx: LoopContext): Promise<SyncOutcome> {
  const out: SyncOutcome = { status: 'ok', pushed: 0, pulled: 0, roundTrips: 0 };
  let fromSeq: number | null = null;
  let gapResends = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // 1. No token: nothing to do until someone signs in (the outbox waits).
    const token = ctx.getToken();
    if (!token) return { ...out, status: 'signed_out' };
    // 2. Next batch: pending entries in clientSeq order (after a gap: from `expected`).
    const input = await readPushInput(ctx.db, fromSeq, ctx.limit.count);
    const mutations = takeBatch(input.entries, ctx.limit.count);
    // 3. One request pushes and pulls.
    out.roundTrips++;
    const r = await postSync(
      {
        protocol: PROTOCOL_VERSION,
        appVersion: ctx.appVersion,
        schemaVersion: SCHEMA_VERSION,
        clientId: ctx.clientId,
        cursor: input.cursor,
        outboxHighWater: input.highWater,
        mutations,
        pullLimit: PULL_LIMIT,
      },
      { baseUrl: ctx.baseUrl, token, fetch: ctx.fetch, now: ctx.now },
    );
    const fail = async (
      code: string,
      message: string,
      retryInMs: number | null = null,
    ): Promise<SyncOutcome> => {
      await recordPushFailure(
        ctx.db,
        mutations.map((m) => m.clientSeq),
        `${code}: ${message}`,
      );
      return { ...out, status: 'retry', error: { code, message }, retryInMs };
    };
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
        return fail(`http_${r.status}`, 'server busy', r.delayMs);
      case 'transient':
        return fail(r.code, r.message);
      case 'gap':
        // 4. The server misses entries before our batch: resend from the seq it expects.
        if (++gapResends > MAX_GAP_RESENDS)
          return fail('gap', `server expects clientSeq ${r.expected}, not on this device`);
        fromSeq = r.expected;
        continue;
      case 'too_large':
        // 5. 413: halve the batch; a single mutation that is too large waits with a visible error.
        if (mutations.length <= 1)
          return fail('too_large', 'a single change exceeds the server limit');
        ctx.limit.count = Math.max(1, Math.floor(mutations.length / 2));
        continue;
      case 'ok': {
        const res = r.res;
        // 6. Reset: forget server-owned rows (never the outbox) and refetch from cursor null.
        if (res.reset && input.cursor !== null) {
          await resetForRefetch(ctx.db);
          fromSeq = null;
          continue;
        }
        // 7. Apply everything in one transaction.
        const sum = await applySyncResponse(ctx.db, res, ctx.clientId);
        out.pushed += res.results.length;
        out.pulled += sum.pulled;
        ctx.limit.count = Math.min(MAX_MUTATIONS_PER_PUSH, ctx.limit.count * 2);
        const first = mutations[0];
        if (
          first &&
          sum.acked + sum.rejected === 0 &&
          (await ctx.db.outbox.get(first.clientSeq))?.state === 'pending'
        ) {
          return fail('no_progress', 'the server did not answer the pushed changes');
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
}
