// Texts of a site's course over time on the site page: visits per programme phase with the
// action fields they covered, the ratings per field over time, advisory needs opened and closed.
import { defineTexts } from '.';

const de = {
  title: 'Entwicklung',
  intro:
    'Der Verlauf des Standorts über die Programmphasen: welche Handlungsfelder jeder Besuch betrachtet hat, wie sie bewertet wurden und wie sich die Beratungsbedarfe entwickelt haben.',
  empty: 'Noch keine Besuche an diesem Standort.',
  visits: 'Besuche nach Programmphase',
  visitCount: '{n, plural, one {# Besuch} other {# Besuche}}',
  covered: '{n} von 10 Handlungsfeldern betrachtet',
  coveredFields: 'Betrachtet: {fields}',
  coveredNone: 'Kein Handlungsfeld betrachtet',
  planned: 'Geplant, noch nichts erfasst: daher keine Angabe zu den Handlungsfeldern.',
  needsLine: 'Beratungsbedarfe: {opened} neu · {closed} geschlossen · {open} offen',
  needsUnknown: 'geschlossen, Tag unbekannt: {n}',
  needs: 'Beratungsbedarfe',
  needsIntro:
    'Je Besuch: neu vereinbart, seit dem vorigen Besuch geschlossen (erledigt oder verworfen) und am Tag des Besuchs offen.',
  openNow: 'Jetzt offen: {n}',
  closedSinceLatest: 'Seit dem letzten Besuch geschlossen: {n}',
  closedUnknown:
    '{n, plural, one {# Beratungsbedarf wurde} other {# Beratungsbedarfe wurden}} geschlossen, bevor der Tag dazu festgehalten wurde; sie zählen ab ihrem Besuch weder als offen noch als geschlossen.',
  ratings: 'Bewertungen je Handlungsfeld',
  ratingsIntro:
    'Außensicht und Selbsteinschätzung als getrennte Linien auf der Skala 1 bis 5, über die Besuche in zeitlicher Reihenfolge.',
  ratingsNone: 'Noch keine Bewertungen der Handlungsfelder.',
  notRated: 'Noch nicht bewertet: {fields}',
  bands: 'Der Hintergrund wechselt mit der Programmphase: {phases}.',
  outside: 'Außensicht',
  local: 'Selbsteinschätzung',
  chartAlt: '{field}. Außensicht: {outside}. Selbsteinschätzung: {local}.',
  noPoints: 'keine',
  point: '{rating} am {date}',
  numbers: 'Zahlen',
  colLocal: 'Selbst\u00ADeinschätzung',
  visit: 'Besuch',
  dash: '–',
} as const;

const en: Record<keyof typeof de, string> = {
  title: 'Course over time',
  intro:
    'How the site developed across the programme phases: which action fields each visit looked at, how they were rated and how the advisory needs developed.',
  empty: 'No visits at this site yet.',
  visits: 'Visits by programme phase',
  visitCount: '{n, plural, one {# visit} other {# visits}}',
  covered: '{n} of 10 action fields covered',
  coveredFields: 'Covered: {fields}',
  coveredNone: 'No action field covered',
  planned: 'Planned, nothing recorded yet: so no coverage of the action fields is shown.',
  needsLine: 'Advisory needs: {opened} new · {closed} closed · {open} open',
  needsUnknown: 'closed, day unknown: {n}',
  needs: 'Advisory needs',
  needsIntro:
    'Per visit: newly agreed, closed (done or dropped) since the previous visit, and open on the day of the visit.',
  openNow: 'Open now: {n}',
  closedSinceLatest: 'Closed since the latest visit: {n}',
  closedUnknown:
    '{n, plural, one {# advisory need was} other {# advisory needs were}} closed before the day was recorded; from their visit on they count as neither open nor closed.',
  ratings: 'Ratings per action field',
  ratingsIntro:
    'Outside view and self-assessment as separate lines on the scale 1 to 5, across the visits in date order.',
  ratingsNone: 'No action field has been rated yet.',
  notRated: 'Not rated yet: {fields}',
  bands: 'The background changes with the programme phase: {phases}.',
  outside: 'Outside view',
  local: 'Self-assessment',
  chartAlt: '{field}. Outside view: {outside}. Self-assessment: {local}.',
  noPoints: 'none',
  point: '{rating} on {date}',
  numbers: 'Numbers',
  colLocal: 'Self-assessment',
  visit: 'Visit',
  dash: '–',
};

export const ct = defineTexts('siteCourse', de, en);
