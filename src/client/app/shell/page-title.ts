// The browser tab's title (WCAG 2.4.2): every page names itself, "<page> – Standortbesuch", in the
// UI language, and follows its data (a visit's title changes with its site and date). A page whose
// title is not known yet passes '' and the tab shows the app name. Tiny on purpose: the visits list
// loads it before it is interactive; the words of record pages are in record-title.ts.
import { createRenderEffect, createRoot, createSignal, onCleanup } from 'solid-js';
import { t } from '../../i18n';

/** The whole title for a page called `page` ('' → the app name alone). */
function pageTitle(page: string): string {
  const app = t('app.title');
  return page ? `${page} – ${app}` : app;
}

// The pages that named themselves, newest last: the newest one alive owns the title (while the
// router swaps pages, the old one may still be mounted for a moment).
const [owners, setOwners] = createSignal<readonly (() => string)[]>([]);
let watching = false;

/** Sets document.title from `page` while the calling component lives. */
export function usePageTitle(page: () => string): void {
  setOwners((o) => [...o, page]);
  onCleanup(() => setOwners((o) => o.filter((p) => p !== page)));
  if (watching) return;
  watching = true;
  createRoot(() =>
    createRenderEffect(() => {
      const top = owners().at(-1);
      const title = pageTitle(top ? top() : '');
      if (document.title !== title) document.title = title;
    }),
  );
}
