// Words of the action-field ratings (docs/domain.md §Ratings): the visit page's section with the
// self-assessment beside the outside view, its legend and divergence mark, and the report section.
// The steps' own words (label and meaning) are the shared RATING_SCALE.
import { defineTexts } from './define';

export const rat = defineTexts(
  'ratings',
  {
    title: 'Einschätzung der Handlungsfelder',
    intro:
      'Innensicht: die Selbsteinschätzung des Quartiersmanagements, am besten vor dem Besuch. Außensicht: die Einschätzung der Besuchenden. Beide stehen nebeneinander; stark abweichende Einschätzungen werden markiert.',
    selfAssessment: 'Selbsteinschätzung',
    selfAssessmentHint:
      'Bitte schätzen Sie vor dem Besuch jedes Handlungsfeld auf der Stufenskala ein.',
    legend: 'Was bedeuten die Stufen?',
    local: 'Innensicht (Quartiersmanagement)',
    outside: 'Außensicht (Besuchende)',
    localShort: 'Innensicht',
    outsideShort: 'Außensicht',
    none: 'nicht bewertet',
    clear: 'nicht bewertet',
    step: 'Stufe {n}: {label}',
    stepShort: '{n} – {label}',
    note: 'Begründung',
    divergence: 'Abweichung: {n, plural, one {# Stufe} other {# Stufen}}',
    divergenceLong:
      'Abweichung: {n, plural, one {# Stufe} other {# Stufen}} (Innensicht {local}, Außensicht {outside})',
    rated: '{n} von {total} Handlungsfeldern eingeschätzt',
    sinceRatings: 'Einschätzungen und Bewertungen',
    sinceKind: 'Befunde „{kind}“, Durchschnitt',
  },
  {
    title: 'Assessment of the action fields',
    intro:
      "Local view: the neighbourhood management's self-assessment, best before the visit. Outside view: the visitors' assessment. Both stand side by side; assessments far apart are marked.",
    selfAssessment: 'Self-assessment',
    selfAssessmentHint: 'Please rate each action field on the scale before the visit.',
    legend: 'What do the steps mean?',
    local: 'Local view (neighbourhood management)',
    outside: 'Outside view (visitors)',
    localShort: 'Local view',
    outsideShort: 'Outside view',
    none: 'not rated',
    clear: 'not rated',
    step: 'Step {n}: {label}',
    stepShort: '{n} – {label}',
    note: 'Reason',
    divergence: 'Divergence: {n, plural, one {# step} other {# steps}}',
    divergenceLong:
      'Divergence: {n, plural, one {# step} other {# steps}} (local view {local}, outside view {outside})',
    rated: '{n} of {total} action fields rated',
    sinceRatings: 'Assessments and ratings',
    sinceKind: '“{kind}” findings, average',
  },
);
