// The eager part of the storage guard, mounted once in the app shell: <SafetyBanners />.
// Watchers that must run from the first moment live here (database versionchange/blocked,
// persist request after the first visit; the chunk-reload guard and the install prompt capture
// start in main.tsx); the banners themselves are a lazy chunk, loaded after the first screen
// (first-screen.ts), to keep the first load small.
import { Show, Suspense, createSignal, lazy, onCleanup, onMount } from 'solid-js';
import { useDb } from '../../db/db-context';
import {
  type DbLifecycleDetail,
  type DbLifecycleKind,
  dbLifecycle,
  watchDbLifecycle,
} from '../../db/lifecycle';
import { makePersistOnFirstVisit } from '../../device/persist';
import { afterFirstPaint, createAfterFirstScreen } from './first-screen';

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
  // Right after the first paint, not after idle: the banners are small, and the engine's
  // download and parse (which wait for idle) would otherwise hold back a warning by a second.
  const late = createAfterFirstScreen(afterFirstPaint);
  return (
    <Show when={late()}>
      <Suspense>
        <View dbState={dbState()} />
      </Suspense>
    </Show>
  );
}
