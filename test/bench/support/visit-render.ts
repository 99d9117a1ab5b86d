// How long the app takes to show a visit page, measured in the page, to the next paint.
import type { Page } from 'playwright-core';

export type VisitRenderTiming = {
  /** Click → the frame painted after the first observation card is in the DOM: what the user sees first. */
  firstPaint: number;
  /** Click → the frame painted after all `count` observation cards are in the DOM. */
  allPainted: number;
};

/**
 * Times a client-side route change to `href` (a click on its link; a link is added to the page
 * when it has none) in milliseconds of `performance.now()`, to the next paint: once the DOM holds
 * the awaited cards, a requestAnimationFrame callback posts a MessageChannel message, which is
 * delivered after that frame was rendered; its arrival is the end. Fails after 30 s.
 */
export function timeVisitRender(
  page: Page,
  href: string,
  count: number,
): Promise<VisitRenderTiming> {
  return page.evaluate(
    ({ href, count }) =>
      new Promise<VisitRenderTiming>((ok, fail) => {
        const link =
          document.querySelector<HTMLAnchorElement>(`a[href="${href}"]`) ??
          document.body.appendChild(
            Object.assign(document.createElement('a'), { href, textContent: 'bench' }),
          );
        const afterPaint = (done: (t: number) => void) =>
          requestAnimationFrame(() => {
            const ch = new MessageChannel();
            ch.port1.onmessage = () => done(performance.now() - start);
            ch.port2.postMessage(0);
          });
        let first: number | undefined;
        let all: number | undefined;
        let sawFirst = false;
        let sawAll = false;
        const finish = () => {
          if (first === undefined || all === undefined) return;
          clearTimeout(timer);
          ok({ firstPaint: first, allPainted: all });
        };
        const check = () => {
          const n = document.querySelectorAll('fieldset.obs').length;
          if (n >= 1 && !sawFirst) {
            sawFirst = true;
            afterPaint((t) => {
              first = t;
              finish();
            });
          }
          if (n >= count && !sawAll) {
            sawAll = true;
            mo.disconnect();
            afterPaint((t) => {
              all = t;
              finish();
            });
          }
        };
        const mo = new MutationObserver(check);
        mo.observe(document.body, { childList: true, subtree: true });
        const timer = setTimeout(() => {
          mo.disconnect();
          fail(
            new Error(
              `visit page did not paint ${count} observations in 30 s: ${document.querySelectorAll('fieldset.obs').length} cards, ${location.pathname}, first ${String(first)}, h1 ${document.querySelector('main h1')?.textContent ?? 'none'}, busy ${document.querySelector('article')?.getAttribute('aria-busy')}`,
            ),
          );
        }, 30_000);
        const start = performance.now();
        link.click();
      }),
    { href, count },
  );
}
