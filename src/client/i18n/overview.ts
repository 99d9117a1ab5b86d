// Words of the cross-site overview's heat map (/overview, its PDF and CSV). The model picks the
// report's language (`overviewTexts.in(lang)`); the page's own controls follow the UI language.
import { defineTexts } from './define';

export const overviewTexts = defineTexts(
  'overview',
  {
    mode: 'Ansicht',
    mode_coverage: 'Abdeckung',
    mode_outside: 'Außensicht',
    mode_local: 'Selbsteinschätzung',
    mode_needs: 'Offene Bedarfe',
    hint_coverage:
      'Wie viele Besuche im Zeitraum das Handlungsfeld mit mindestens einer Beobachtung abgedeckt haben. Geplante Besuche zählen erst, wenn sie stattgefunden haben.',
    hint_outside:
      'Die Bewertung der Besuchenden (1–5) beim letzten Besuch im Zeitraum, der das Feld bewertet hat.',
    hint_local:
      'Die Selbsteinschätzung des Quartiersmanagements (1–5) beim letzten Besuch im Zeitraum, der sie erfasst hat.',
    hint_needs:
      'Offene Beratungsbedarfe (Offen, In Arbeit) aus Besuchen im Zeitraum; „!2“ heißt: zwei davon sind überfällig.',
    phaseOfVisit: 'Phase des Besuchs',
    phaseHint: 'Es zählen die Besuche, die in dieser Programmphase stattfanden.',
    legend: 'Legende',
    legendEmpty: 'nicht besucht oder nicht bewertet',
    legendZero: 'besucht, keine',
    legendOverdue: 'davon überfällig',
    fieldKey: 'Handlungsfelder',
    asTable: 'Als Tabelle',
    summary:
      '{mode}: {n, plural, one {# Standort} other {# Standorte}} × 10 Handlungsfelder, {count, plural, =0 {kein Feld} one {# Feld} other {# Felder}} mit Wert{max}. Dieselben Zahlen stehen in der Tabelle „Als Tabelle“.',
    summaryMax: ', höchster Wert {value} ({site}, {field})',
    notVisited: 'nicht besucht',
    notRated: 'nicht bewertet',
    coverageCell:
      '{n, plural, =0 {in keinem Besuch} one {in # Besuch} other {in # Besuchen}} ({count, plural, one {# Beobachtung} other {# Beobachtungen}})',
    ratingCell: '{rating} – {label}, Besuch vom {date}',
    ratingCellBefore: '{rating} – {label}, vor dem geplanten Besuch am {date}',
    plannedCount: '{n} geplant',
    needsCell: '{open} offen, davon {overdue} überfällig',
    needsGroup: '{open} offen, {closed} erledigt oder verworfen',
    needsAtSite: '{site}: {open} offen, {closed} geschlossen',
    needsLink: 'Diese Bedarfe in der Bedarfsliste',
    overdueColumn: 'überfällig',
  },
  {
    mode: 'View',
    mode_coverage: 'Coverage',
    mode_outside: 'Outside view',
    mode_local: 'Self-assessment',
    mode_needs: 'Open needs',
    hint_coverage:
      'How many visits in the period covered the action field with at least one observation. Planned visits count once they have taken place.',
    hint_outside:
      "The visitors' rating (1–5) at the latest visit in the period that rated the field.",
    hint_local:
      "The Quartiersmanagement's self-assessment (1–5) at the latest visit in the period that recorded one.",
    hint_needs:
      'Open advisory needs (open, in progress) from visits in the period; "!2" means two of them are overdue.',
    phaseOfVisit: 'Phase of the visit',
    phaseHint: 'Counts the visits that took place in this programme phase.',
    legend: 'Legend',
    legendEmpty: 'not visited or not rated',
    legendZero: 'visited, none',
    legendOverdue: 'of them overdue',
    fieldKey: 'Action fields',
    asTable: 'As a table',
    summary:
      '{mode}: {n, plural, one {# site} other {# sites}} × 10 action fields, {count, plural, =0 {no field} one {# field} other {# fields}} with a value{max}. The same numbers are in the table "As a table".',
    summaryMax: ', highest value {value} ({site}, {field})',
    notVisited: 'not visited',
    notRated: 'not rated',
    coverageCell:
      '{n, plural, =0 {in no visit} one {in # visit} other {in # visits}} ({count, plural, one {# observation} other {# observations}})',
    ratingCell: '{rating} – {label}, visit of {date}',
    ratingCellBefore: '{rating} – {label}, before the planned visit of {date}',
    plannedCount: '{n} planned',
    needsCell: '{open} open, {overdue} of them overdue',
    needsGroup: '{open} open, {closed} done or dropped',
    needsAtSite: '{site}: {open} open, {closed} closed',
    needsLink: 'These needs in the needs list',
    overdueColumn: 'overdue',
  },
);
