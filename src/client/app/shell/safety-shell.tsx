// The eager part of the storage guard, mounted once in the app shell: <SafetyBanners />.
// Watchers that must run from the first moment live here (chunk-reload guard, install
// prompt capture, database versionchange/blocked, persist request after the first
// visit); the banners themselves are a lazy chunk, to keep the first load small.
import { Suspense, createSignal, lazy, onCleanup, onMount } from 'solid-js';
import { useDb } from '../../db/db-context';
import {
  type DbLifecycleDetail,
  type DbLifecycleKind,
  dbLifecycle,
  watchDbLifecycle,
} from '../../db/lifecycle';
import { startInstallPromptCapture } from '../../device/install-prompt';
import { makePersistOnFirstVisit } from '../../device/persist';
import { startPreloadErrorGuard } from '../../device/preload-reload';

startInstallPromptCapture();
if (typeof window !== 'undefined') startPreloadErrorGuard(window);

const View = lazy(() => import('./safety-banners'));

export function SafetyBanners() {
  const db = useDb();
  watchDbLifecycle(db);
  const [dbState, setDbState] = createSignal<DbLifecycleKind | null>(null);
  const onLifecycle = (e: Event) => {
    const d = (e as CustomEvent<DbLifecycleDetail>).detail;
    if (d.db === db.name) setDbState(d.kind === 'ready' ? null : d.kind);
  };
  dbLifecycle.addEventListener('lifecycle', onLifecycle);
  onCleanup(() => dbLifecycle.removeEventListener('lifecycle', onLifecycle));
  onMount(() => onCleanup(makePersistOnFirstVisit(db)));
  return (
    <Suspense>
      <View dbState={dbState()} />
    </Suspense>
  );
}
