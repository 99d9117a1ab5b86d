// Group commit for better-sqlite3. Every write transaction with synchronous=FULL ends in an
// fsync, which dominates a sync request's cost; requests that arrive together share one
// transaction and one fsync. Each job keeps its own atomicity through a nested transaction
// (a SAVEPOINT in better-sqlite3), and seqs are still assigned inside the single writer's
// transaction, so commit order = seq order (docs/architecture.md invariant I5) is unchanged;
// the decision: docs/adr/0003-group-commit.md.
import type Database from 'better-sqlite3';

type Job = { fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many jobs share one transaction, so a burst cannot hold the lock for long. */
const MAX_GROUP = 32;

export function makeGroupCommit(db: Database.Database) {
  const queue: Job[] = [];
  let scheduled = false;
  // Made once (a db.transaction() call builds four wrapper functions): the shared transaction
  // and the SAVEPOINT each job runs in.
  const savepoint = db.transaction((fn: () => unknown) => fn());
  const group = db.transaction((jobs: Job[], outcomes: Outcome[]) => {
    for (const j of jobs) {
      try {
        outcomes.push({ ok: true, value: savepoint(j.fn) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });

  function flush() {
    scheduled = false;
    const jobs = queue.splice(0, MAX_GROUP);
    if (queue.length) schedule();
    const outcomes: Outcome[] = [];
    try {
      group.immediate(jobs, outcomes);
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
    setImmediate(flush);
  }

  return <T>(fn: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      schedule();
    });
}
