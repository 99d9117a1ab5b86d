// Counts the server's calls of store methods during a test: the ServerDb's transaction functions
// are wrapped, so every StoreTx they hand out (write, group, read and purge transactions) carries
// counting copies of the named methods. The app holds the same ServerDb object, so requests
// through it are counted; restore() puts the original functions back.
import type { ServerDb, StoreTx } from '../../src/server/store/store';

type StoreName = Exclude<keyof StoreTx, 'savepoint'>;
type TxRunner = <T>(fn: (tx: StoreTx) => Promise<T>) => Promise<T>;
const RUNNERS = ['writeTx', 'groupTx', 'readTx', 'purgeTx'] as const;

export type StoreSpy = {
  /** How often each watched method was called since the spy was set up. */
  calls: Record<string, number>;
  restore(): void;
};

export function spyOnStore<S extends StoreName>(
  db: ServerDb,
  store: S,
  methods: readonly (keyof StoreTx[S] & string)[],
): StoreSpy {
  const calls: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
  const watched = (tx: StoreTx): StoreTx => {
    const inner = tx[store] as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const counted = { ...inner };
    for (const m of methods)
      counted[m] = (...args: unknown[]) => {
        calls[m]!++;
        return inner[m]!(...args);
      };
    return { ...tx, [store]: counted };
  };
  const target = db as unknown as Record<(typeof RUNNERS)[number], TxRunner>;
  const originals = RUNNERS.map((name) => [name, target[name]] as const);
  for (const [name, run] of originals)
    target[name] = <T>(fn: (tx: StoreTx) => Promise<T>) => run((tx) => fn(watched(tx)));
  return {
    calls,
    restore() {
      for (const [name, run] of originals) target[name] = run;
    },
  };
}
