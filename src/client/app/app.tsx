// Router + providers of the signed-in app, a lazy chunk of main.tsx (the sign-in form does not load it).
import { Router } from '@solidjs/router';
import { DbProvider } from '../db/db-context';
import { Layout } from './shell/layout';
import { routes } from './routes';

export function App(props: { userKey?: string }) {
  return (
    <DbProvider userKey={props.userKey ?? 'local'}>
      <Router root={Layout}>{routes}</Router>
    </DbProvider>
  );
}
