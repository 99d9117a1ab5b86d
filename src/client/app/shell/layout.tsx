// The app frame: header (title, sync state, save state), content, and the navigation
// (a bottom bar on phones for one-hand use, in the header on wide screens).
import { A } from '@solidjs/router';
import { type ParentProps, Show, Suspense, lazy, onCleanup, onMount } from 'solid-js';
import { t } from '../../i18n';
import { SaveStatus } from '../components/save-status';
import { barHeight, keepTypedFocusInView } from './bars';
import { LiveRegions } from './live-regions';
import { createAfterFirstScreen, markLayoutReady } from './first-screen';
import { useDbKit } from './kit-context';
import { InstallOffer } from './install-offer';

// Lazy, and loaded after the first screen (first-screen.ts): neither the sync engine nor
// workbox-window are needed to paint or use it.
const SyncIndicator = lazy(() =>
  import('../components/sync-status').then((m) => ({ default: m.SyncIndicator })),
);
const UpdatePrompt = lazy(() => import('./update-prompt'));

function NavLinks() {
  return (
    <>
      <A href="/visits" class="nav-link" activeClass="active">
        <span class="nav-icon" aria-hidden="true">
          ▤
        </span>
        {t('nav.visits')}
      </A>
      <A href="/sites" class="nav-link" activeClass="active">
        <span class="nav-icon" aria-hidden="true">
          ⌂
        </span>
        {t('nav.sites')}
      </A>
      <A href="/needs" class="nav-link" activeClass="active">
        <span class="nav-icon" aria-hidden="true">
          ✓
        </span>
        {t('nav.needs')}
      </A>
      <A href="/settings" class="nav-link" activeClass="active">
        <span class="nav-icon" aria-hidden="true">
          ⚙
        </span>
        {t('nav.settings')}
      </A>
    </>
  );
}

/** Inside the page's Suspense: mounts once the page (and its lazy chunk) rendered. */
function PageShown() {
  onMount(markLayoutReady);
  return null;
}

export function Layout(props: ParentProps) {
  // The storage watchers and the sync indicator need the database: not on the list's first
  // screen before Dexie (app.tsx); they appear only after the first screen either way.
  const kit = useDbKit();
  const afterFirst = createAfterFirstScreen();
  const late = () => !!kit && afterFirst();
  onMount(() => onCleanup(keepTypedFocusInView()));
  return (
    <>
      {/* Moves focus, not only the view, and leaves the route alone (the router would take the
          hash as a navigation): the next Tab goes on from the page's top. */}
      <a
        class="skip"
        href="#main"
        on:click={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <header class="app-header" ref={barHeight('header-h')}>
        <div class="bar">
          <A href="/visits" class="brand">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>{t('app.title')}</span>
          </A>
          <nav class="nav-top" aria-label={t('nav.main')}>
            <NavLinks />
          </nav>
          <div class="header-state">
            <Show when={late()}>
              <Suspense>
                <SyncIndicator />
              </Suspense>
            </Show>
          </div>
        </div>
        <SaveStatus />
        <LiveRegions />
      </header>
      <div class="banners">{kit && <kit.SafetyBanners />}</div>
      <main id="main" tabindex="-1">
        <Suspense fallback={<p class="muted">{t('common.loading')}</p>}>
          {props.children}
          <PageShown />
        </Suspense>
      </main>
      {/* Below the page, the install offer moves nothing (install-offer.tsx). */}
      <div class="install-slot">
        <InstallOffer />
      </div>
      <nav class="nav-bottom" aria-label={t('nav.main')}>
        <NavLinks />
      </nav>
      <Show when={late()}>
        <Suspense>
          <UpdatePrompt />
        </Suspense>
      </Show>
    </>
  );
}
