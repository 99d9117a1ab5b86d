// The async face of a synchronous SQLite repo (types.ts Async<T>): better-sqlite3 answers at
// once, so each method's result is handed back as a settled promise, and a throw becomes a
// rejection — the same contract the PostgreSQL repos keep.
import type { Async } from '../types';

export function asyncFacade<T extends object>(repo: T): Async<T> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(repo)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve(method.apply(repo, args));
      } catch (e) {
        return Promise.reject(e);
      }
    };
  }
  return out as Async<T>;
}
