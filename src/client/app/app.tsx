// Router + providers of the signed-in app, a lazy chunk of main.tsx (the sign-in form does not load it).
// The database code (Dexie, the live queries: shell/db-kit.ts) is a chunk of its own. A start on
// the visits list paints the list first from a plain IndexedDB read (db/first-screen-read.ts,
// started in main.tsx) with the same layout and page, and loads Dexie after that paint; then the
// app with the database replaces it at the same address. That app's list renders the same read
// until its live queries answer, so the exchange changes nothing on screen.
import { Router } from '@solidjs/router';
import { Show, createSignal, onMount } from 'solid-js';
import { loadFullRowChecks } from '../db/lazy-row-check';
import { dropFirstScreen, readFirstScreenEarly } from '../db/first-screen-read';
import { Layout } from './shell/layout';
import { afterFirstPaint, afterFirstScreen } from './shell/first-screen';
import { type DbKit, DbKitContext } from './shell/kit-context';
import { VisitsRoute, routes } from './routes';
import { firstScreenRoutes } from './first-screen-routes';
import { isListPath } from './list-path';
import { taskBoundary } from './idle';

/** The Dexie part of the app (main.tsx requests it early on a start elsewhere than the list). */
const loadDbKit = () => import('./shell/db-kit');

export function App(props: { userKey?: string }) {
  // eslint-disable-next-line solid/reactivity -- one user per mounted app; the gate remounts it
  const userKey = props.userKey ?? 'local';
  const [kit, setKit] = createSignal<DbKit>();
  // The list's first screen without Dexie: on a start on the list (main.tsx has usually started
  // the read already).
  const first = isListPath(location.pathname);
  if (first) readFirstScreenEarly(userKey);
  const take = (k: DbKit) => {
    setKit(() => k);
    // The list of the app with the database has taken the read (its first render); any later
    // list waits for its live queries instead of showing an old read.
    dropFirstScreen();
  };
  void (first ? afterFirstPaint() : Promise.resolve())
    .then(loadDbKit)
    .then(async (k) => {
      // The list's chunk is loaded by now: settled, the new list renders it without suspending.
      if (first) await VisitsRoute.preload();
      // The database object in a task of its own, then the app with it in the next.
      k.prepareDb(userKey);
      await taskBoundary();
      take(k);
    })
    .catch(() => {}); // a chunk that failed to load: the preload guard reloads or says why

  // Zod and the entity schemas are not needed to paint the first screen (lists check their rows
  // with a structural guard until then, docs/architecture.md §Device safety): loaded after it.
  onMount(
    () =>
      void afterFirstScreen()
        .then(loadFullRowChecks)
        .catch(() => {}),
  );
  return (
    <Show
      when={kit()}
      keyed
      fallback={first ? <Router root={Layout}>{firstScreenRoutes}</Router> : null}
    >
      {(k) => (
        <DbKitContext.Provider value={k}>
          <k.DbProvider userKey={userKey}>
            <Router root={Layout}>{routes}</Router>
          </k.DbProvider>
        </DbKitContext.Provider>
      )}
    </Show>
  );
}
