// How long the app takes to show a visit page, measured in the page.
import type { Page } from 'playwright-core';

/**
 * Milliseconds from a click on the link to `href` (a client-side route change) until the page
 * shows `count` observation fieldsets; fails after 30 s. A link is added to the page when it has
 * none to `href`.
 */
export function timeVisitRender(page: Page, href: string, count: number): Promise<number> {
  return page.evaluate(
    ({ href, count }) =>
      new Promise<number>((ok, fail) => {
        const link =
          document.querySelector<HTMLAnchorElement>(`a[href="${href}"]`) ??
          document.body.appendChild(
            Object.assign(document.createElement('a'), { href, textContent: 'bench' }),
          );
        const start = performance.now();
        const done = () => document.querySelectorAll('fieldset.obs').length >= count;
        const mo = new MutationObserver(() => {
          if (done()) {
            mo.disconnect();
            ok(performance.now() - start);
          }
        });
        mo.observe(document.body, { childList: true, subtree: true });
        setTimeout(() => {
          mo.disconnect();
          fail(new Error(`visit page did not render ${count} observations in 30 s`));
        }, 30_000);
        link.click();
      }),
    { href, count },
  );
}
