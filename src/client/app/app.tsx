// Router + providers of the signed-in app, a lazy chunk of main.tsx (the sign-in form does not load it).
import { Router } from '@solidjs/router';
import { DbProvider } from '../db/db-context';
import type { AppDb } from '../db/schema';
import { Layout } from './shell/layout';
import { routes } from './routes';

/** `db`: the user's database when the sign-in gate already opened it (session-context.tsx). */
export function App(props: { userKey?: string; db?: AppDb }) {
  return (
    <DbProvider userKey={props.userKey ?? 'local'} db={props.db}>
      <Router root={Layout}>{routes}</Router>
    </DbProvider>
  );
}
