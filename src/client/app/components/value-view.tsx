// Shows a field value as people read it (text as text, other values as JSON) and parses
// an edited value back into the shape of the values it replaces.
import { DICTIONARIES, type MessageKey, lang, t } from '../../i18n';
import { yt } from '../../i18n/sync';

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return yt('common.empty');
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** Text stays text; anything else is edited as JSON. Throws SyntaxError on bad JSON. */
export function parseEdited(text: string, like: readonly unknown[]): unknown {
  const textual = like.every((v) => v === null || v === undefined || typeof v === 'string');
  return textual ? text : JSON.parse(text);
}

export function editableText(v: unknown, like: readonly unknown[]): string {
  const textual = like.every((x) => x === null || x === undefined || typeof x === 'string');
  if (textual) return typeof v === 'string' ? v : '';
  return JSON.stringify(v ?? null, null, 2);
}

const ENTITY = {
  de: { site: 'Standort', visit: 'Besuch', checklistItem: 'Checklistenpunkt', observation: 'Beobachtung', followUp: 'Vereinbarung', photo: 'Foto' },
  en: { site: 'Site', visit: 'Visit', checklistItem: 'Checklist item', observation: 'Observation', followUp: 'Follow-up', photo: 'Photo' },
} as const;

export function entityLabel(entity: string, lang: 'de' | 'en'): string {
  return (ENTITY[lang] as Record<string, string>)[entity] ?? entity;
}

const PREFIX: Record<string, string> = { site: 'site', visit: 'visit', observation: 'obs', followUp: 'fu', checklistItem: 'check', photo: 'photo' };

/** The form label of a record's field (e.g. observation.text → "Text"), else the field name. */
export function fieldLabel(entity: string, field: string | null): string {
  if (!field) return '—';
  const key = `${PREFIX[entity] ?? entity}.${field}`;
  return key in DICTIONARIES[lang()] ? t(key as MessageKey) : field;
}
