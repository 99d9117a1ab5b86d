// latestOf: a resource's last loaded value, read without handing the nearest Suspense its
// fallback. Reading the resource itself during a refetch does (the page gave way to "Lädt …").
// The browser build of Solid: under node, 'solid-js' resolves to the server build, which renders
// Suspense only for hydration.
// @ts-expect-error -- the build file has no types of its own; they are solid-js's
import * as solid from 'solid-js/dist/solid.js';
import type * as SolidTypes from 'solid-js';
import { describe, expect, it } from 'vitest';
import { latestOf } from '../../../src/client/app/latest';

const { Suspense, createResource, createRoot, createSignal } = solid as typeof SolidTypes;

/** A resource whose loads end when the test says so, shown inside a Suspense by `read`. */
function suspended(read: (r: SolidTypes.Resource<string>) => unknown) {
  return createRoot((dispose) => {
    const pending: { ok: (v: string) => void; fail: (e: unknown) => void }[] = [];
    const [n, setN] = createSignal(1);
    const [r] = createResource(
      n,
      () => new Promise<string>((ok, fail) => pending.push({ ok, fail })),
    );
    const shown = Suspense({
      fallback: 'LÄDT',
      get children() {
        return (() => String(read(r))) as unknown as string;
      },
    }) as unknown as () => unknown;
    const view = () => {
      const v = shown();
      return typeof v === 'function' ? (v as () => unknown)() : v;
    };
    return { r, view, reload: () => setN(n() + 1), pending, dispose };
  });
}

const tick = () => new Promise((ok) => setTimeout(ok, 0));

describe('latestOf', () => {
  it('keeps the last value through a refetch, where reading the resource suspends', async () => {
    const plain = suspended((r) => r());
    const latest = suspended((r) => latestOf(r));
    for (const s of [plain, latest]) {
      s.pending.shift()!.ok('erste');
      await tick();
      expect(s.view()).toBe('erste');
      s.reload();
      await tick();
    }
    // The plain read gave the page to the fallback; latestOf kept what was there.
    expect(plain.view()).toBe('LÄDT');
    expect(latest.view()).toBe('erste');
    expect(latest.r.state).toBe('refreshing');
    latest.pending.shift()!.ok('zweite');
    await tick();
    expect(latest.view()).toBe('zweite');
    plain.dispose();
    latest.dispose();
  });

  it('is undefined before the first load ended and after a failed load', async () => {
    const s = suspended((r) => latestOf(r));
    expect(s.view()).toBe('undefined');
    s.pending.shift()!.fail(new Error('offline'));
    await tick();
    expect(s.view()).toBe('undefined');
    expect(s.r.error).toBeInstanceOf(Error);
    s.dispose();
  });
});
