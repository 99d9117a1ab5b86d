// Every route of the app in one table. Pages are lazy-loaded so that the first
// screen only pays for the shell. To add a route: one line here. A route only some roles may
// use is `guarded` by its rule from src/shared/policy.ts: others see a "not allowed" page.
import { Navigate, type RouteDefinition } from '@solidjs/router';
import { lazy } from 'solid-js';
import {
  canEditSite,
  canEditTemplates,
  canManageUsers,
  canSeeActivity,
  canSeeOverview,
} from '../../shared/policy';
import { guarded } from './components/not-allowed';

/** One page of the offers catalogue (one chunk holds all three: offers/offer-routes.ts). */
const offerPage = (name: 'OffersPage' | 'OfferNewPage' | 'OfferPage') =>
  import('./offers/offer-routes').then((m) => ({ default: m[name] }));

export const routes: RouteDefinition[] = [
  { path: '/', component: () => <Navigate href="/visits" /> },
  { path: '/visits', component: lazy(() => import('./pages/visits-page')) },
  { path: '/visits/new', component: lazy(() => import('./pages/visit-new-page')) },
  { path: '/visits/:id', component: lazy(() => import('./pages/visit-page')) },
  { path: '/sites', component: lazy(() => import('./pages/sites-page')) },
  {
    path: '/sites/new',
    component: guarded(
      canEditSite,
      'sites',
      lazy(() => import('./pages/site-new-page')),
    ),
  },
  { path: '/sites/:id', component: lazy(() => import('./pages/site-page')) },
  {
    path: '/sites/:id/edit',
    component: guarded(
      canEditSite,
      'sites',
      lazy(() => import('./pages/site-edit-page')),
    ),
  },
  { path: '/needs', component: lazy(() => import('./needs/needs-page')) },
  { path: '/offers', component: lazy(() => offerPage('OffersPage')) },
  { path: '/offers/new', component: lazy(() => offerPage('OfferNewPage')) },
  { path: '/offers/:id', component: lazy(() => offerPage('OfferPage')) },
  { path: '/settings', component: lazy(() => import('./pages/settings-page')) },
  { path: '/sync', component: lazy(() => import('./pages/conflicts-page')) },
  { path: '/account', component: lazy(() => import('./pages/account-page')) },
  {
    path: '/users',
    component: guarded(
      canManageUsers,
      'users',
      lazy(() => import('./pages/users-page')),
    ),
  },
  {
    path: '/overview',
    component: guarded(
      canSeeOverview,
      'overview',
      lazy(() => import('./pages/overview-page').then((m) => ({ default: m.OverviewPage }))),
    ),
  },
  {
    path: '/activity',
    component: guarded(
      canSeeActivity,
      'activity',
      lazy(() => import('./activity/activity-page')),
    ),
  },
  {
    path: '/templates',
    component: guarded(
      canEditTemplates,
      'templates',
      lazy(() => import('./templates/templates-page')),
    ),
  },
  {
    path: '/templates/:id',
    component: guarded(
      canEditTemplates,
      'templates',
      lazy(() => import('./templates/template-editor-page')),
    ),
  },
  { path: '*404', component: lazy(() => import('./pages/not-found-page')) },
];
