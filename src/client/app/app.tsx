// Router + providers. The database user key is 'local' until the sign-in gate lands.
import { Router } from '@solidjs/router';
import { DbProvider } from '../db/db-context';
import { Layout } from './shell/layout';
import { routes } from './routes';
import './styles/base.css';

export function App(props: { userKey?: string }) {
  return (
    <DbProvider userKey={props.userKey ?? 'local'}>
      <Router root={Layout}>{routes}</Router>
    </DbProvider>
  );
}
