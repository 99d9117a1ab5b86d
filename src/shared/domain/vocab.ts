// Closed vocabularies of the domain, with German and English labels.
// The keys are stored: do not rename without a migration.

export const PHASES = {
  'area-selection': { de: 'Gebietsauswahl', en: 'Area selection' },
  isek: { de: 'ISEK-Erarbeitung', en: 'ISEK drafting' },
  implementation: { de: 'Umsetzung', en: 'Implementation' },
  consolidation: { de: 'Verstetigung', en: 'Consolidation' },
} as const;

/**
 * The review loop (docs/architecture.md §Review): planned → in progress → submitted → approved,
 * or returned → in progress … `done` is the state before the review loop existed: still valid in
 * stored data, shown as "Abgeschlossen", treated like submitted, never set anew.
 */
export const VISIT_STATUSES = {
  planned: { de: 'Geplant', en: 'Planned' },
  'in-progress': { de: 'Läuft', en: 'In progress' },
  submitted: { de: 'Eingereicht', en: 'Submitted' },
  returned: { de: 'Zurückgegeben', en: 'Returned' },
  approved: { de: 'Freigegeben', en: 'Approved' },
  done: { de: 'Abgeschlossen', en: 'Done' },
} as const;

export const OBSERVATION_KINDS = {
  strength: { de: 'Stärke', en: 'Strength' },
  challenge: { de: 'Herausforderung', en: 'Challenge' },
  potential: { de: 'Potenzial', en: 'Potential' },
  recommendation: { de: 'Empfehlung', en: 'Recommendation' },
  question: { de: 'Offene Frage', en: 'Open question' },
} as const;

export const PERSPECTIVES = {
  outside: { de: 'Außensicht (Besuchende)', en: 'Outside view (visitors)' },
  local: { de: 'Innensicht (vor Ort)', en: 'Local view' },
} as const;

export const CHECK_STATES = {
  open: { de: 'Offen', en: 'Open' },
  done: { de: 'Erledigt', en: 'Done' },
  na: { de: 'Entfällt', en: 'Not applicable' },
} as const;

export const FOLLOW_UP_KINDS = {
  need: { de: 'Beratungsbedarf', en: 'Advisory need' },
  step: { de: 'Vereinbarter Schritt', en: 'Agreed step' },
} as const;

/** The alliance's role profiles (docs/domain.md §Follow-up) as offer types. */
export const OFFER_TYPES = {
  consultation: { de: 'Beratung', en: 'Consultation' },
  tutorial: { de: 'Tutorial / Schulung', en: 'Tutorial / training' },
  sponsorship: { de: 'Patenschaft', en: 'Sponsorship' },
  networking: { de: 'Akteure vermitteln', en: 'Bring actors together' },
  impulse: { de: 'Impulse geben', en: 'Impulses (debates, conferences)' },
  other: { de: 'Sonstiges', en: 'Other' },
} as const;

export const FOLLOW_UP_STATUSES = {
  open: { de: 'Offen', en: 'Open' },
  'in-progress': { de: 'In Arbeit', en: 'In progress' },
  done: { de: 'Erledigt', en: 'Done' },
  dropped: { de: 'Verworfen', en: 'Dropped' },
} as const;

/**
 * How far a need's link to an alliance offer got (docs/domain.md §Offers): proposed by whoever
 * linked it, then followed up by the offer's owner; done and declined are outcomes.
 */
export const MATCH_STATUSES = {
  proposed: { de: 'Vorgeschlagen', en: 'Proposed' },
  contacted: { de: 'Kontakt aufgenommen', en: 'Contacted' },
  agreed: { de: 'Vereinbart', en: 'Agreed' },
  done: { de: 'Durchgeführt', en: 'Delivered' },
  declined: { de: 'Nicht zustande gekommen', en: 'Did not happen' },
} as const;

/**
 * The anchored 1–5 scale of an action-field rating (docs/domain.md §Ratings), the same for the
 * local self-assessment and the visitors' outside view: each step says what it means, and the
 * legend is shown wherever a rating is asked for.
 */
export const RATING_SCALE = {
  1: {
    de: 'Kaum Ansätze',
    en: 'Hardly begun',
    hint: {
      de: 'Das Handlungsfeld wird im Quartier kaum bearbeitet; es gibt weder Zuständige noch Angebote.',
      en: 'The field is hardly worked on in the quarter; there is no one in charge and no offer.',
    },
  },
  2: {
    de: 'Erste Ansätze',
    en: 'First steps',
    hint: {
      de: 'Einzelne Aktivitäten oder Ideen, noch ohne Zusammenhang, Zuständigkeit oder gesicherte Finanzierung.',
      en: 'Single activities or ideas, not yet connected, owned or funded.',
    },
  },
  3: {
    de: 'Im Aufbau',
    en: 'Being built up',
    hint: {
      de: 'Zuständigkeiten und Angebote sind da, erreichen aber noch nicht alle, die sie brauchen.',
      en: 'Responsibilities and offers exist but do not yet reach everyone who needs them.',
    },
  },
  4: {
    de: 'Gut entwickelt',
    en: 'Well developed',
    hint: {
      de: 'Wirksame, mit Partnern abgestimmte Angebote; bekannte Lücken werden bearbeitet.',
      en: 'Effective offers agreed with partners; known gaps are being worked on.',
    },
  },
  5: {
    de: 'Verstetigt und beispielhaft',
    en: 'Lasting and exemplary',
    hint: {
      de: 'Dauerhaft gesichert, breit getragen und auf andere Quartiere übertragbar.',
      en: 'Secured for the long term, widely supported and transferable to other quarters.',
    },
  },
} as const;
/** Two ratings of one field this far apart (or more) are marked as diverging. */
export const RATING_DIVERGENCE = 2;

/** Where a checklist template version stands (docs/architecture.md §Templates). */
export const TEMPLATE_STATUSES = {
  draft: { de: 'Entwurf', en: 'Draft' },
  published: { de: 'Veröffentlicht', en: 'Published' },
  retired: { de: 'Zurückgezogen', en: 'Retired' },
} as const;

export const ROLES = {
  member: { de: 'Bündnismitglied', en: 'Alliance member' },
  quartiersmanagement: { de: 'Quartiersmanagement', en: 'Neighbourhood management' },
  coordinator: { de: 'Koordination', en: 'Coordinator' },
} as const;

export type Lang = 'de' | 'en';
export type LabelText = { readonly de: string; readonly en: string };

export function keysOf<T extends Record<string, unknown>>(
  o: T,
): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
}
