// Entry point: mount the app. Nothing else belongs here, except the two watchers that must run
// before anything lazy loads (a vanished chunk after a deploy; the browser's install offer).
// The signed-in app (router, database, layout) is a lazy chunk: a signed-out device loads only
// the gate and the sign-in form (test/e2e/budget.test.ts measures both first screens).
import { Suspense, lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { lang } from './i18n';
import { SessionGate, readSessionEarly } from './app/shell/session-context';
import { startInstallPromptCapture } from './device/install-prompt';
import { lastUserId } from './session/pointer';
import { isListPath } from './app/list-path';
import { startPreloadErrorGuard } from './device/preload-reload';
// The base styles belong to every screen, the sign-in form too: in the entry, not the app chunk.
import './app/styles/base.css';
import './app/styles/focus.css';
import './app/styles/print.css';

startInstallPromptCapture();
startPreloadErrorGuard(window);

const App = lazy(() => import('./app/app').then((m) => ({ default: m.App })));

// A signed-in device (a pointer in localStorage) will show the app: read the session (without
// Dexie) and fetch the app's chunk at the same time instead of one after the other. On the
// visits list also its page and its first screen's read (without Dexie, which loads after the
// list's first paint: app.tsx); anywhere else the database code at once.
const userId = lastUserId();
if (userId) {
  readSessionEarly();
  void import('./app/app').catch(() => {});
  if (isListPath(location.pathname)) {
    void import('./app/pages/visits-page').catch(() => {});
    void import('./db/first-screen-read').then(
      (m) => m.readFirstScreenEarly(userId),
      () => {},
    );
  } else void import('./app/shell/db-kit').catch(() => {});
}

document.documentElement.lang = lang();
render(
  () => (
    <SessionGate>
      {(userId) => (
        <Suspense>
          <App userKey={userId} />
        </Suspense>
      )}
    </SessionGate>
  ),
  document.getElementById('root')!,
);
