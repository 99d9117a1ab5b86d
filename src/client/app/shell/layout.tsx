// The app frame: header (title, sync state, save state), content, and the navigation
// (a bottom bar on phones for one-hand use, in the header on wide screens).
import { A } from '@solidjs/router';
import { type ParentProps, Suspense, lazy } from 'solid-js';
import { t } from '../../i18n';
import { SaveStatus } from '../components/save-status';
import { SafetyBanners } from './safety-shell';

// Lazy so that the shell stays small: neither the sync engine nor workbox-window
// are needed to paint the first screen.
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
      <A href="/settings" class="nav-link" activeClass="active">
        <span class="nav-icon" aria-hidden="true">
          ⚙
        </span>
        {t('nav.settings')}
      </A>
    </>
  );
}

export function Layout(props: ParentProps) {
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="app-header">
        <div class="bar">
          <A href="/visits" class="brand">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>{t('app.title')}</span>
          </A>
          <nav class="nav-top" aria-label={t('nav.main')}>
            <NavLinks />
          </nav>
          <div class="header-state">
            <Suspense>
              <SyncIndicator />
            </Suspense>
          </div>
        </div>
        <SaveStatus />
      </header>
      <div class="banners">
        <SafetyBanners />
      </div>
      <main id="main" tabindex="-1">
        <Suspense fallback={<p class="muted">{t('common.loading')}</p>}>{props.children}</Suspense>
      </main>
      <nav class="nav-bottom" aria-label={t('nav.main')}>
        <NavLinks />
      </nav>
      <Suspense>
        <UpdatePrompt />
      </Suspense>
    </>
  );
}
