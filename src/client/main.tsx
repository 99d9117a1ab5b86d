// Entry point: mount the app. Nothing else belongs here, except the two watchers that must run
// before anything lazy loads (a vanished chunk after a deploy; the browser's install offer).
// The signed-in app (router, database, layout) is a lazy chunk: a signed-out device loads only
// the gate and the sign-in form (test/e2e/budget.test.ts measures both first screens).
import { Suspense, lazy } from 'solid-js';
import { render } from 'solid-js/web';
import { lang } from './i18n';
import { SessionGate } from './app/shell/session-context';
import { startInstallPromptCapture } from './device/install-prompt';
import { startPreloadErrorGuard } from './device/preload-reload';

startInstallPromptCapture();
startPreloadErrorGuard(window);

const App = lazy(() => import('./app/app').then((m) => ({ default: m.App })));

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
