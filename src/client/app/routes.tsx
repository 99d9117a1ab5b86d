// Every route of the app in one table. Pages are lazy-loaded so that the first
// screen only pays for the shell. To add a route: one line here. A route only some roles may
// use is `guarded` by its rule from src/shared/policy.ts: others see a "not allowed" page.
import { Navigate, type RouteDefinition } from '@solidjs/router';
import {
  canEditSite,
  canEditTemplates,
  canManageUsers,
  canSeeActivity,
  canSeeOverview,
} from '../../shared/policy';
import { guarded } from './components/not-allowed';
import { lazyOrBlank } from './lazy-or-blank';

/** One page of the offers catalogue (one chunk holds all three: offers/offer-routes.ts). */
const offerPage = (name: 'OffersPage' | 'OfferNewPage' | 'OfferPage') =>
  import('./offers/offer-routes').then((m) => m && { default: m[name] });

/** The visits list: one lazy component for both route tables, so that the app with the database
 * renders the list the first screen already loaded at once (no loading line in between). */
export const VisitsRoute = lazyOrBlank(() => import('./pages/visits-page'), false);

export const routes: RouteDefinition[] = [
  { path: '/', component: () => <Navigate href="/visits" /> },
  { path: '/visits', component: VisitsRoute },
  { path: '/visits/new', component: lazyOrBlank(() => import('./pages/visit-new-page')) },
  { path: '/visits/:id', component: lazyOrBlank(() => import('./pages/visit-page')) },
  { path: '/sites', component: lazyOrBlank(() => import('./pages/sites-page')) },
  {
    path: '/sites/new',
    component: guarded(
      canEditSite,
      'sites',
      lazyOrBlank(() => import('./pages/site-new-page')),
    ),
  },
  { path: '/sites/:id', component: lazyOrBlank(() => import('./pages/site-page')) },
  {
    path: '/sites/:id/edit',
    component: guarded(
      canEditSite,
      'sites',
      lazyOrBlank(() => import('./pages/site-edit-page')),
    ),
  },
  { path: '/needs', component: lazyOrBlank(() => import('./needs/needs-page')) },
  { path: '/offers', component: lazyOrBlank(() => offerPage('OffersPage')) },
  { path: '/offers/new', component: lazyOrBlank(() => offerPage('OfferNewPage')) },
  { path: '/offers/:id', component: lazyOrBlank(() => offerPage('OfferPage')) },
  { path: '/settings', component: lazyOrBlank(() => import('./pages/settings-page')) },
  { path: '/sync', component: lazyOrBlank(() => import('./pages/conflicts-page')) },
  { path: '/account', component: lazyOrBlank(() => import('./pages/account-page')) },
  {
    path: '/users',
    component: guarded(
      canManageUsers,
      'users',
      lazyOrBlank(() => import('./pages/users-page')),
    ),
  },
  {
    path: '/overview',
    component: guarded(
      canSeeOverview,
      'overview',
      lazyOrBlank(() =>
        import('./pages/overview-page').then((m) => m && { default: m.OverviewPage }),
      ),
    ),
  },
  {
    path: '/activity',
    component: guarded(
      canSeeActivity,
      'activity',
      lazyOrBlank(() => import('./activity/activity-page')),
    ),
  },
  {
    path: '/templates',
    component: guarded(
      canEditTemplates,
      'templates',
      lazyOrBlank(() => import('./templates/templates-page')),
    ),
  },
  {
    path: '/templates/:id',
    component: guarded(
      canEditTemplates,
      'templates',
      lazyOrBlank(() => import('./templates/template-editor-page')),
    ),
  },
  { path: '*404', component: lazyOrBlank(() => import('./pages/not-found-page')) },
];
