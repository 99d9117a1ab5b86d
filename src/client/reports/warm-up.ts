// Makes exports work offline: once a service worker controls the page and the device is
// online, fetch the lazily loaded export code and the PDF fonts through it, so its runtime
// cache (CacheFirst for /assets/, vite.config.ts) holds them before the next trip without signal.
// An optimisation only: when it does not run, exports still work online. Its imports run
// `quietly`: a failure on a flaky network must not trigger the missing-chunk reload.
import { quietly } from '../device/preload-reload';

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
      // allSettled: all imports end inside `quietly`, also those still loading when one fails.
      const settled = await quietly(() =>
        Promise.allSettled([
          import('./export-jobs'),
          import('./render-pdf'),
          import('./render-docx'),
          import('./render-html'),
          import('./render-csv'),
          import('./render-json'),
          import('./render-zip'),
          import('./render-overview'),
          import('./render-needs'),
        ]),
      );
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      const fonts = await quietly(() => import('./pdf-fonts'));
      const { FONT_URLS } = fonts;
      await Promise.all(FONT_URLS.map((u) => fetch(u).then((r) => r.arrayBuffer())));
    })().catch(() => {
      started = false;
    });
  });
}
