// Makes exports work offline: once a service worker controls the page and the device is
// online, fetch the export code and the PDF fonts through it (the list the build wrote:
// export-assets.json, src/server/http/export-assets-build.ts), so its runtime cache (CacheFirst
// for /assets/, vite.config.ts) holds them before the next trip without signal. Fetched, not
// imported: the modules run only when the user exports. An optimisation only: when it does not
// run, exports still work online.
import { EXPORT_ASSETS, type ExportAssets } from '../../shared/export-assets';

let started = false;

async function controlled(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) return true;
  return new Promise((ok) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => ok(true), { once: true });
    setTimeout(() => ok(!!navigator.serviceWorker.controller), 30_000);
  });
}

/**
 * In one of the service worker's caches (its precache or the runtime cache of /assets/). A cache
 * that cannot be read (a private window may refuse it) counts as not holding it: then it is fetched.
 */
async function cached(url: string): Promise<boolean> {
  try {
    return typeof caches !== 'undefined' && (await caches.match(url)) !== undefined;
  } catch {
    return false;
  }
}

export function warmReportCache(): void {
  if (started || typeof window === 'undefined' || !navigator.onLine) return;
  started = true;
  const idle: (cb: () => void) => void = window.requestIdleCallback
    ? (cb) => window.requestIdleCallback(cb, { timeout: 5000 })
    : (cb) => setTimeout(cb, 1500);
  idle(() => {
    void (async () => {
      if (!(await controlled())) {
        started = false;
        return;
      }
      const res = await fetch(`/${EXPORT_ASSETS}`, { cache: 'no-cache' });
      if (!res.ok) throw new Error(`${EXPORT_ASSETS}: HTTP ${res.status}`);
      const { files } = (await res.json()) as ExportAssets;
      // One at a time: the warm-up must not crowd out what the page itself loads. Every visit
      // page runs this, so what the caches hold is skipped (docs/architecture.md §Reports).
      for (const f of files) {
        if (await cached(f)) continue;
        const r = await fetch(f);
        if (!r.ok) throw new Error(`${f}: HTTP ${r.status}`);
        await r.arrayBuffer();
      }
    })().catch(() => {
      started = false;
    });
  });
}
