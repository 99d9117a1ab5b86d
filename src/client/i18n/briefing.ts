// Texts of the briefing: the site page's findings per theme and action field, what changed since
// the previous visit, and the previous findings shown collapsed on a new visit.
import { defineTexts } from '.';

const de = {
  title: 'Briefing für den nächsten Besuch',
  intro:
    'Was die letzten Besuche je Handlungsfeld gesehen haben, mit Fotos und offenen Punkten. Auch ohne Netz lesbar.',
  empty:
    'Noch keine Befunde an diesem Standort. Nach dem ersten Besuch steht hier je Handlungsfeld, was gesehen wurde.',
  visitOn: 'Besuch am {date}',
  rating: 'Bewertung {n} / 5',
  noText: '(ohne Text)',
  place: 'Ort: {place}',
  openFollowUps: 'Offene Punkte',
  due: 'fällig {date}',
  uncovered: 'Noch ohne Befunde: {fields}',
  general: 'Allgemein (ohne Handlungsfeld)',
  visitPhotos: 'Fotos des Besuchs am {date}',
  since: 'Seit dem vorigen Besuch',
  sinceCompared: 'Besuch am {latest} verglichen mit dem am {previous}.',
  sinceNone: 'Sobald zwei Besuche Befunde haben, steht hier, was sich zwischen ihnen geändert hat.',
  sinceNothing: 'Keine Änderungen bei Bewertungen, Handlungsfeldern und Folgeaktivitäten.',
  ratingUp: 'gestiegen',
  ratingDown: 'gesunken',
  newlyCovered: 'Neu betrachtet',
  noLongerCovered: 'Diesmal nicht betrachtet',
  newFollowUps: 'Neue Folgeaktivitäten',
  closedFollowUps: 'Erledigt oder verworfen',
  previousVisit: 'Voriger Besuch am {date}: {count}',
  earlierVisit: 'Zuletzt betrachtet am {date}: {count}',
  findings: '{n, plural, one {# Befund} other {# Befunde}}',
} as const;

const en: Record<keyof typeof de, string> = {
  title: 'Briefing for the next visit',
  intro:
    'What the last visits saw in each action field, with photos and open points. Readable without network.',
  empty:
    'No findings at this site yet. After the first visit, this shows what was seen in each action field.',
  visitOn: 'Visit on {date}',
  rating: 'Rating {n} / 5',
  noText: '(no text)',
  place: 'Place: {place}',
  openFollowUps: 'Open points',
  due: 'due {date}',
  uncovered: 'No findings yet: {fields}',
  general: 'General (no action field)',
  visitPhotos: 'Photos of the visit on {date}',
  since: 'Since the previous visit',
  sinceCompared: 'Visit on {latest} compared with the one on {previous}.',
  sinceNone: 'Once two visits have findings, this shows what changed between them.',
  sinceNothing: 'No changes in ratings, action fields or follow-ups.',
  ratingUp: 'up',
  ratingDown: 'down',
  newlyCovered: 'Newly covered',
  noLongerCovered: 'Not covered this time',
  newFollowUps: 'New follow-ups',
  closedFollowUps: 'Done or dropped',
  previousVisit: 'Previous visit on {date}: {count}',
  earlierVisit: 'Last covered on {date}: {count}',
  findings: '{n, plural, one {# finding} other {# findings}}',
};

export const bt = defineTexts('briefing', de, en);

/** "1 Befund" / "3 Befunde" by the language's plural rules (define.ts format). */
export function findingsCount(n: number): string {
  return bt('findings', { n });
}
