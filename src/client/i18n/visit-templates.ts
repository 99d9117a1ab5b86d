// Words of the checklist choice when a visit is created (docs/architecture.md §Templates).
import { defineTexts } from './define';

export const vt = defineTexts(
  'visitTemplates',
  {
    legend: 'Checklisten für diesen Besuch',
    hint: 'Vorausgewählt sind die Standard-Vorlagen. Ein Besuch behält die Fassung, mit der er angelegt wurde.',
    none: 'Ohne Checkliste',
  },
  {
    legend: 'Checklists for this visit',
    hint: 'The default templates are preselected. A visit keeps the version it was created with.',
    none: 'No checklist',
  },
);
