// The browser tab's title (WCAG 2.4.2): every page names itself, "<page> – Standortbesuch", in the
// UI language, and follows its data (a visit's title changes with its site and date). A page whose
// title is not known yet (its record still loading) passes '' and the tab shows the app name.
import { createRenderEffect, createRoot, createSignal, onCleanup } from 'solid-js';
import type { LiveQuery } from '../../db/live';
import { t } from '../../i18n';
import { tt } from '../../i18n/titles';

/** The whole title for a page called `page` ('' → the app name alone). */
export function pageTitle(page: string): string {
  const app = t('app.title');
  return page ? tt('title.page', { page, app }) : app;
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

/** A record page's title: `name` of the record once read, else its "loading" or "not found" words. */
export function recordTitle<T>(
  query: LiveQuery<T>,
  area: 'visit' | 'site',
  name: (record: NonNullable<T>) => string,
): string {
  const record = query();
  if (record) return name(record);
  return tt(query.ready() ? `title.${area}Missing` : `title.${area}Loading`);
}
