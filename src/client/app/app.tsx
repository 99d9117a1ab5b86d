// Router + providers of the signed-in app, a lazy chunk of main.tsx (the sign-in form does not load it).
import { Router } from '@solidjs/router';
import { onMount } from 'solid-js';
import { DbProvider } from '../db/db-context';
import { loadFullRowChecks } from '../db/lazy-row-check';
import { Layout } from './shell/layout';
import { afterFirstScreen } from './shell/first-screen';
import { routes } from './routes';

export function App(props: { userKey?: string }) {
  // Zod and the entity schemas are not needed to paint the first screen (lists check their rows
  // with a structural guard until then, docs/architecture.md §Device safety): loaded after it.
  onMount(
    () =>
      void afterFirstScreen()
        .then(loadFullRowChecks)
        .catch(() => {}),
  );
  return (
    <DbProvider userKey={props.userKey ?? 'local'}>
      <Router root={Layout}>{routes}</Router>
    </DbProvider>
  );
}
