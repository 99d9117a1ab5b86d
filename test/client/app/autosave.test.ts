import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  flushSaves,
  hasPendingSaves,
  saveState,
  scheduleSave,
} from '../../../src/client/app/autosave';

afterEach(() => vi.useRealTimers());

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('autosave', () => {
  it('debounces: only the last edit of a key is written, after the delay', async () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    for (const v of ['a', 'ab', 'abc'])
      scheduleSave('k1', async () => {
        writes.push(v);
      });
    expect(saveState().kind).toBe('saving');
    await vi.advanceTimersByTimeAsync(299);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual(['abc']);
    expect(saveState().kind).toBe('saved');
  });

  it('says "saved" only after the write resolved', async () => {
    const d = deferred();
    let started = false;
    scheduleSave(
      'k2',
      () => {
        started = true;
        return d.promise;
      },
      undefined,
      0,
    );
    await vi.waitUntil(() => started); // the debounce fired and the write is under way
    expect(saveState().kind).toBe('saving');
    d.resolve();
    await flushSaves();
    expect(saveState().kind).toBe('saved');
  });

  it('flush writes pending edits at once (before an app update reloads the page)', async () => {
    const writes: string[] = [];
    scheduleSave(
      'k3',
      async () => {
        writes.push('typed');
      },
      undefined,
      60_000,
    );
    expect(hasPendingSaves()).toBe(true);
    await flushSaves();
    expect(writes).toEqual(['typed']);
    expect(hasPendingSaves()).toBe(false);
  });

  it('a failed write is reported with its error and handed to the caller', async () => {
    const onError = vi.fn();
    const err = Object.assign(new Error('full'), { name: 'StorageFullError' });
    scheduleSave('k4', () => Promise.reject(err), onError, 0);
    await flushSaves();
    expect(onError).toHaveBeenCalledWith(err);
    expect(saveState()).toEqual({ kind: 'error', error: err });
  });
});
