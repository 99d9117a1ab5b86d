// The four themes and ten action fields (Handlungsfelder) of the Hessian programme.
// Ids are stable storage keys: do not change them without a migration.

export const THEMES = [
  {
    id: 'A',
    de: 'Gesellschaftliche Teilhabe und Integration',
    en: 'Social participation and integration',
  },
  {
    id: 'B',
    de: 'Lebens- und Aufenthaltsqualität im Quartier',
    en: 'Quality of life and public life in the neighbourhood',
  },
  {
    id: 'C',
    de: 'Nachhaltigkeit und Umweltbewusstsein',
    en: 'Sustainability and environmental awareness',
  },
  {
    id: 'D',
    de: 'Wirtschaftliche Stabilität und Versorgung',
    en: 'Economic stability and local supply',
  },
] as const;

export type ThemeId = (typeof THEMES)[number]['id'];

/** In the official order of the Land Hessen (docs/domain.md). */
export const ACTION_FIELDS = [
  {
    id: 'infrastructure',
    theme: 'A',
    de: 'Soziale und kulturelle Infrastruktur sowie Bildungsorte',
    en: 'Social and cultural infrastructure and places of learning',
  },
  {
    id: 'housing',
    theme: 'B',
    de: 'Wohnen und Wohnumfeld',
    en: 'Housing and residential environment',
  },
  {
    id: 'neighbourhood',
    theme: 'A',
    de: 'Nachbarschaftliches Zusammenleben, Integration, Inklusion und Teilhabe aller Bevölkerungsgruppen',
    en: 'Neighbourly coexistence, integration, inclusion and participation of all population groups',
  },
  {
    id: 'participation',
    theme: 'A',
    de: 'Aktivierung und Beteiligung',
    en: 'Activation and participation',
  },
  {
    id: 'public-spaces',
    theme: 'B',
    de: 'Öffentliche Räume und Freiflächen für Begegnung, Freizeit, Bewegung, Sport und Gesundheit',
    en: 'Public and open spaces for encounter, leisure, exercise, sport and health',
  },
  {
    id: 'climate',
    theme: 'C',
    de: 'Klimaschutz, Klimafolgenanpassung, grün-blaue Infrastruktur und Umweltgerechtigkeit',
    en: 'Climate protection, climate adaptation, green-blue infrastructure and environmental justice',
  },
  {
    id: 'local-supply',
    theme: 'D',
    de: 'Nahversorgung und Daseinsvorsorge',
    en: 'Local supply and public services',
  },
  { id: 'mobility', theme: 'C', de: 'Nachhaltige Mobilität', en: 'Sustainable mobility' },
  {
    id: 'local-economy',
    theme: 'D',
    de: 'Lokale Ökonomie, Arbeitsmarkt und Qualifizierung',
    en: 'Local economy, labour market and qualification',
  },
  { id: 'image-safety', theme: 'B', de: 'Image und Sicherheit', en: 'Image and safety' },
] as const;

export type ActionField = (typeof ACTION_FIELDS)[number];
type FieldKey = ActionField['id'];

export const ACTION_FIELD_IDS = ACTION_FIELDS.map((f) => f.id) as unknown as readonly [
  FieldKey,
  ...FieldKey[],
];

const byId = new Map<string, ActionField>(ACTION_FIELDS.map((f) => [f.id, f]));

export function actionField(id: string): ActionField | undefined {
  return byId.get(id);
}

/** Fields of one theme, in the official order. */
export function fieldsOfTheme(theme: ThemeId): ActionField[] {
  return ACTION_FIELDS.filter((f) => f.theme === theme);
}

/**
 * The ten fields grouped by theme (A–D), each theme's fields in the official order: the order
 * of the visit page, its coverage strip, the reports and the overview (docs/domain.md).
 */
export const FIELDS_BY_THEME: readonly ActionField[] = THEMES.flatMap((t) => fieldsOfTheme(t.id));
