// The server's periodic jobs (the retention purge, the orphan and upload sweeps, the token purge)
// run in ONE process however many serve the store: each tick first asks the store whether this
// process leads (ServerDb.lead: always on SQLite; the holder of an advisory lock on PostgreSQL),
// and only the leader runs the jobs that are due. A process that was not leading asks again at
// its next tick, so when the leader dies another takes over within one tick interval. A job
// runs at the first tick its process leads, then every `everyMs` while it keeps leading.
import type { ServerDb } from './store/store';

export type PeriodicJob = {
  /** Names the job in logs (`<name>_failed`). */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
};

export type JobRunner = {
  /** Asks for the lead and runs the due jobs; a tick still running is joined, not repeated. */
  tick(): Promise<void>;
  /** Did the last tick lead? */
  readonly leading: boolean;
};

export function makeJobRunner(
  db: Pick<ServerDb, 'lead'>,
  jobs: readonly PeriodicJob[],
  opts: {
    /** The lock every process asks for (one name: one leader runs all of `jobs`). */
    lock: string;
    now?: () => number;
    /** Told when this process starts or stops leading. */
    onLeadChange?: (leading: boolean) => void;
  },
): JobRunner {
  const now = opts.now ?? Date.now;
  const lastRun = new Map<string, number>();
  let leading = false;
  let running: Promise<void> | null = null;

  const runDue = async () => {
    let lead = false;
    try {
      lead = await db.lead(opts.lock);
    } catch (e) {
      console.error(JSON.stringify({ event: 'lead_failed', error: String(e) }));
    }
    if (lead !== leading) {
      leading = lead;
      opts.onLeadChange?.(lead);
    }
    if (!lead) return;
    for (const job of jobs) {
      const last = lastRun.get(job.name);
      if (last !== undefined && now() - last < job.everyMs) continue;
      lastRun.set(job.name, now());
      try {
        await job.run();
      } catch (e) {
        console.error(JSON.stringify({ event: `${job.name}_failed`, error: String(e) }));
      }
    }
  };

  return {
    tick() {
      running ??= runDue().finally(() => {
        running = null;
      });
      return running;
    },
    get leading() {
      return leading;
    },
  };
}
