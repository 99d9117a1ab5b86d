// Browser tab titles (app/shell/page-title.ts) that no page heading gives: a record page's, and
// the overview's. Pages whose heading says what they are pass that heading.
import { defineTexts } from '.';

export const tt = defineTexts(
  'titles',
  {
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
