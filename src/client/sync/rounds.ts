// One background job run in rounds (photo uploads, thumbnail prefetch): one round at a time; a
// kick during a round asks for one more after it; stop() ends the run after the current round.

export type Rounds = {
  /** Start a round (or mark one more after the running one); resolves when the run ends. */
  kick(): Promise<void>;
  stop(): void;
};

/**
 * `round` does one pass (`stopped()` tells it to give up early) and returns whether a kick that
 * came in meanwhile may start another one at once; false (offline, failures) waits for the next
 * kick instead of a hot loop.
 */
export function createRounds(round: (stopped: () => boolean) => Promise<boolean>): Rounds {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const isStopped = () => stopped;
  async function loop(): Promise<void> {
    do {
      again = false;
      if (!(await round(isStopped))) again = false;
    } while (again && !stopped);
  }
  return {
    kick() {
      stopped = false;
      if (running) {
        again = true;
        return running;
      }
      // A closed database (tab shutting down) or IndexedDB trouble ends the run quietly; the
      // next kick tries again.
      const p = loop()
        .catch(() => {})
        .finally(() => {
          running = null;
        });
      running = p;
      return p;
    },
    stop() {
      stopped = true;
    },
  };
}
