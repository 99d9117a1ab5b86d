// The browser tab's title of every page (app/shell/page-title.ts): "<page> – <app name>". Pages
// whose heading says what they are pass that heading; these are the titles a heading does not give.
import { defineTexts } from '.';

export const tt = defineTexts(
  'titles',
  {
    'title.page': '{page} – {app}',
    'title.visit': 'Besuch: {site}, {date}',
    'title.visitLoading': 'Besuch',
    'title.visitMissing': 'Besuch nicht gefunden',
    'title.site': 'Standort: {site}',
    'title.siteEdit': 'Standort bearbeiten: {site}',
    'title.siteLoading': 'Standort',
    'title.siteMissing': 'Standort nicht gefunden',
    'title.overview': 'Standortübergreifende Übersicht',
  },
  {
    'title.page': '{page} – {app}',
    'title.visit': 'Visit: {site}, {date}',
    'title.visitLoading': 'Visit',
    'title.visitMissing': 'Visit not found',
    'title.site': 'Site: {site}',
    'title.siteEdit': 'Edit site: {site}',
    'title.siteLoading': 'Site',
    'title.siteMissing': 'Site not found',
    'title.overview': 'Cross-site overview',
  },
);
