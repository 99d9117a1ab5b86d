// Bridges Dexie's liveQuery into Solid: IndexedDB stays the source of truth and the
// UI re-renders when any tab commits. Results are reconciled by id into a store, so
// rows that did not change keep their identity and inputs bound to them keep focus.
import { liveQuery } from 'dexie';
import { createRenderEffect, createSignal, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { fullRowChecksLoaded } from './lazy-row-check';

export type LiveQuery<T> = {
  (): T | undefined;
  /** True once the first result arrived. */
  ready(): boolean;
  error(): unknown;
};

/**
 * `source` is tracked (e.g. a route param); `query` runs inside liveQuery with the
 * source's value and is re-run whenever a table it read changes.
 */
export function createLiveQuery<K, T>(
  source: () => K,
  query: (key: K) => Promise<T>,
): LiveQuery<T> {
  const [state, setState] = createStore<{ v: T | undefined }>({ v: undefined });
  const [ready, setReady] = createSignal(false);
  const [error, setError] = createSignal<unknown>(undefined);
  createRenderEffect(() => {
    const key = source();
    // Lists check their rows with a structural guard until the entity schemas are loaded
    // (lazy-row-check.ts): then the query runs once more, with the full check.
    fullRowChecksLoaded();
    const sub = liveQuery(() => query(key)).subscribe({
      next: (value) => {
        setState('v', reconcile(value as never, { key: 'id', merge: true }) as never);
        setError(undefined);
        setReady(true);
      },
      error: (e: unknown) => {
        setError(e);
        setReady(true);
      },
    });
    onCleanup(() => sub.unsubscribe());
  });
  const read = (() => state.v) as LiveQuery<T>;
  read.ready = ready;
  read.error = error;
  return read;
}
