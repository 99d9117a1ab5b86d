// Group commit, for either store. Every durable commit ends in an fsync, which dominates a sync
// request's cost; requests that arrive together share one write transaction and one fsync. Each
// job keeps its own atomicity through a savepoint, and seqs are still taken inside the one
// write transaction, so commit order = seq order (docs/architecture.md invariant I5) is
// unchanged; the decision: docs/adr/0003-group-commit.md.
import type { StoreTx } from './types';

type Job = {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many jobs share one transaction, so a burst cannot hold the lock for long. */
const MAX_GROUP = 32;

/** runTx: the store's write transaction (ServerDb.writeTx). */
export function makeGroupCommit(
  runTx: <R>(body: (tx: StoreTx) => Promise<R>) => Promise<R>,
): <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T> {
  const queue: Job[] = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const jobs = queue.splice(0, MAX_GROUP);
    if (queue.length) schedule();
    const outcomes: Outcome[] = [];
    try {
      await runTx(async (tx) => {
        for (const j of jobs) {
          try {
            outcomes.push({ ok: true, value: await tx.savepoint(() => j.fn(tx)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
