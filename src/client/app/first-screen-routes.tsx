// The routes of the first screen, before the database code has loaded (app.tsx): the visits
// list from its plain IndexedDB read; any other address (a link followed meanwhile) shows the
// loading line until the app with the database takes over at the same address. Kept apart from
// routes.tsx, the app's one route table (the browser tests walk every path declared there).
import { Navigate, type RouteDefinition } from '@solidjs/router';
import { t } from '../i18n';
import { VisitsRoute } from './routes';

export const firstScreenRoutes: RouteDefinition[] = [
  { path: '/', component: () => <Navigate href="/visits" /> },
  { path: '/visits', component: VisitsRoute },
  { path: '*rest', component: () => <p class="muted">{t('common.loading')}</p> },
];
