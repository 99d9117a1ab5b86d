// Checklist templates shipped with the app (docs/domain.md §Checklist): version 1 of the synced
// template records (docs/architecture.md §Templates). The server's migration seeds exactly these
// rows; a device that has not pulled any template yet uses them as they are.
// Template and item ids are stored in checklist item ids: never reuse or rename one.
import type { ChecklistTemplate } from './schemas';

type ShippedTemplate = {
  id: string;
  title: ChecklistTemplate['title'];
  items: { id: string; label: ChecklistTemplate['title'] }[];
};

/** When the shipped templates' version 1 counts as created (fixed: seeds and fallback are equal). */
export const SHIPPED_TEMPLATES_AT = '2026-01-01T00:00:00.000Z';

const SHIPPED: readonly ShippedTemplate[] = [
  {
    id: 'prep',
    title: { de: 'Vorbereitung', en: 'Preparation' },
    items: [
      {
        id: 'prep-date',
        label: {
          de: 'Termin mit Kommune und Quartiersmanagement abgestimmt',
          en: 'Date agreed with municipality and neighbourhood management',
        },
      },
      {
        id: 'prep-participants',
        label: {
          de: 'Teilnehmende und ihre Rollen festgelegt',
          en: 'Participants and their roles set',
        },
      },
      {
        id: 'prep-goals',
        label: { de: 'Ziele des Besuchs formuliert', en: 'Goals of the visit written down' },
      },
      {
        id: 'prep-isek',
        label: {
          de: 'ISEK-Stand und Unterlagen gesichtet',
          en: 'ISEK status and documents reviewed',
        },
      },
      {
        id: 'prep-briefing',
        label: {
          de: 'Ergebnisse und offene Punkte des letzten Besuchs gelesen',
          en: 'Results and open items of the last visit read',
        },
      },
      {
        id: 'prep-route',
        label: {
          de: 'Route durch das Quartier geplant',
          en: 'Route through the neighbourhood planned',
        },
      },
    ],
  },
  {
    id: 'onsite',
    title: { de: 'Vor Ort', en: 'On site' },
    items: [
      {
        id: 'onsite-welcome',
        label: { de: 'Begrüßung und Vorstellungsrunde', en: 'Welcome and introductions' },
      },
      {
        id: 'onsite-walk',
        label: { de: 'Quartiersrundgang durchgeführt', en: 'Neighbourhood walk done' },
      },
      {
        id: 'onsite-encounter',
        label: { de: 'Orte der Begegnung besucht', en: 'Places of encounter visited' },
      },
      {
        id: 'onsite-actors',
        label: {
          de: 'Gespräch mit lokalen Akteuren und Kümmerern',
          en: 'Talk with local actors and "Kümmerer"',
        },
      },
      {
        id: 'onsite-residents',
        label: {
          de: 'Perspektive der Bewohnerschaft eingeholt',
          en: 'Residents\u2019 perspective heard',
        },
      },
      {
        id: 'onsite-fields',
        label: {
          de: 'Alle zehn Handlungsfelder angesprochen',
          en: 'All ten action fields addressed',
        },
      },
      {
        id: 'onsite-photos',
        label: { de: 'Fotos mit Einverständnis aufgenommen', en: 'Photos taken with consent' },
      },
    ],
  },
  {
    id: 'cooperation',
    title: { de: 'Ressortübergreifende Zusammenarbeit', en: 'Cross-departmental cooperation' },
    items: [
      {
        id: 'coop-steering',
        label: {
          de: 'Lenkungsgruppe in der Verwaltung mit klarem Mandat, regelmäßigen Sitzungen und entscheidungsbefugten Mitgliedern',
          en: 'Steering group in the administration with a clear mandate, regular meetings and members who can decide',
        },
      },
      {
        id: 'coop-lead',
        label: {
          de: 'Leitung mit Führungsstärke und Autorität (z. B. Doppelspitze Planung und Soziales)',
          en: 'Chair with leadership and authority (e.g. dual lead of planning and social affairs)',
        },
      },
      {
        id: 'coop-commitment',
        label: {
          de: 'Dokumentiertes Bekenntnis von Verwaltungsspitze und Politik (z. B. Organisationsverfügung)',
          en: 'Documented commitment of administrative and political leadership (e.g. organisational order)',
        },
      },
      {
        id: 'coop-departments',
        label: {
          de: 'Relevante Ressorts beteiligt (Planung, Grün, Wohnen, Soziales, Jugend, Bildung, Arbeit, Wirtschaft, Mobilität, Klima, Gesundheit, Kultur, Sport, Finanzen …)',
          en: 'Relevant departments involved (planning, green space, housing, social affairs, youth, education, labour, economy, mobility, climate, health, culture, sport, finance …)',
        },
      },
      {
        id: 'coop-isek',
        label: {
          de: 'ISEK mit allen relevanten Ressorts und breiter Beteiligung erarbeitet',
          en: 'ISEK drafted with all relevant departments and broad participation',
        },
      },
      {
        id: 'coop-participation',
        label: {
          de: 'Beteiligung für die gesamte Laufzeit organisiert',
          en: 'Participation organised for the whole run',
        },
      },
      {
        id: 'coop-management',
        label: {
          de: 'Prozess- und Projektmanagement geplant und finanziert',
          en: 'Process and project management planned and financed',
        },
      },
      {
        id: 'coop-followcosts',
        label: {
          de: 'Betriebs-, Unterhalts-, Personal- und Sachkosten früh durch Beschlüsse gesichert; künftige Nutzende ab „Phase 0“ beteiligt',
          en: 'Operating, maintenance, staff and material costs secured early by council decisions; future users involved from "phase 0"',
        },
      },
      {
        id: 'coop-funding',
        label: {
          de: 'Mittelbündelung über Ressorts hinweg',
          en: 'Bundling of funds across departments',
        },
      },
      {
        id: 'coop-consolidation',
        label: {
          de: 'Verstetigung früh vorbereitet (Quartiersmanagement, Beirat, Sozialplanung, lokale Ökonomie)',
          en: 'Consolidation prepared early (neighbourhood management, advisory board, social planning, local economy)',
        },
      },
    ],
  },
  {
    id: 'followup',
    title: { de: 'Nachbereitung', en: 'Follow-up' },
    items: [
      { id: 'fu-needs', label: { de: 'Beratungsbedarfe erfasst', en: 'Advisory needs recorded' } },
      {
        id: 'fu-offers',
        label: {
          de: 'Passende Angebote des Bündnisses zugeordnet',
          en: 'Matching offers of the alliance assigned',
        },
      },
      {
        id: 'fu-owners',
        label: { de: 'Zuständigkeiten und Fristen vereinbart', en: 'Owners and due dates agreed' },
      },
      {
        id: 'fu-report',
        label: { de: 'Besuchsbericht erstellt und versandt', en: 'Visit report written and sent' },
      },
      { id: 'fu-next', label: { de: 'Nächster Besuch angedacht', en: 'Next visit considered' } },
    ],
  },
];

/** Version 1 of the shipped templates, as the server seeds them (published, default, in order). */
export const CHECKLIST_TEMPLATES: readonly ChecklistTemplate[] = SHIPPED.map((t, order) => ({
  id: t.id,
  key: t.id,
  version: 1,
  title: t.title,
  sections: [],
  items: t.items.map((i) => ({ id: i.id, label: i.label, hint: null, sectionId: null })),
  order,
  status: 'published',
  isDefault: true,
  createdAt: SHIPPED_TEMPLATES_AT,
}));

/** Deterministic id so two devices starting the same visit offline create the same rows. */
export function checklistItemId(visitId: string, templateItemId: string): string {
  return `${visitId}~${templateItemId}`;
}
