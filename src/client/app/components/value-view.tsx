// Shows a field value as people read it (text as text, other values as JSON) and parses
// an edited value back into the shape of the values it replaces.
import type { Lang } from '../../../shared/domain/vocab';
import { lang as uiLang, t } from '../../i18n';
import { ct } from '../../i18n/conflicts';

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return ct('common.empty');
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

export function entityLabel(entity: string, lang: Lang): string {
  const key = `entity.${entity}`;
  return ct.has(key) ? ct.in(lang)(key) : entity;
}

const PREFIX: Record<string, string> = {
  site: 'site',
  visit: 'visit',
  observation: 'obs',
  followUp: 'fu',
  checklistItem: 'check',
  photo: 'photo',
};

/** The form label of a record's field (e.g. observation.text → "Text"), else the field name. */
export function fieldLabel(entity: string, field: string | null, lang: Lang = uiLang()): string {
  if (!field) return '—';
  const key = `${PREFIX[entity] ?? entity}.${field}`;
  if (t.has(key)) return t.in(lang)(key);
  const own = `field.${entity}.${field}`;
  return ct.has(own) ? ct.in(lang)(own) : field;
}
