// An activity entry in words: the values of stored keys as their labels (status "approved" →
// "Freigegeben"), long texts shortened, and the rows one write left grouped, so a new visit is
// one item with its fields instead of ten items.
import type { ActivityEntry, ActivityValue } from '../../../shared/activity';
import { actionField } from '../../../shared/domain/action-fields';
import {
  CHECK_STATES,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  type Lang,
  OBSERVATION_KINDS,
  OFFER_TYPES,
  PERSPECTIVES,
  PHASES,
  VISIT_STATUSES,
} from '../../../shared/domain/vocab';
import { avt } from '../../i18n/activity';
import { formatDate, formatDateTime } from '../../i18n/format';

const SHOWN_CHARS = 160;

type Vocab = Record<string, { de: string; en: string }>;
const VOCABS: Record<string, Vocab> = {
  'visit.status': VISIT_STATUSES,
  'visit.phase': PHASES,
  'site.phase': PHASES,
  'observation.kind': OBSERVATION_KINDS,
  'observation.perspective': PERSPECTIVES,
  'checklistItem.state': CHECK_STATES,
  'followUp.kind': FOLLOW_UP_KINDS,
  'followUp.offerType': OFFER_TYPES,
  'followUp.status': FOLLOW_UP_STATUSES,
};

/** A value as people read it; '' when the entry has none (a delete, a restore). */
export function valueWords(
  v: ActivityValue,
  entity: string,
  field: string | null,
  lang: Lang,
): string {
  if (v === null) return '';
  const raw = v.value;
  if (raw === null || raw === '') return avt.in(lang)('activity.empty.value');
  if (typeof raw === 'string') {
    const vocab = VOCABS[`${entity}.${field}`];
    const known = vocab?.[raw]?.[lang] ?? (field === 'fieldId' ? actionField(raw)?.[lang] : null);
    if (known && !v.truncated) return known;
  }
  if (typeof raw === 'string' && !v.truncated) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return formatDate(raw, lang);
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw))
      return formatDateTime(raw, lang);
  }
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const short = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS).trimEnd()} …` : text;
  return v.truncated && short === text ? `${text.trimEnd()} …` : short;
}

/** Entries one write left (same moment, record, kind of change and person), in list order. */
export type ActivityGroup = { key: string; head: ActivityEntry; entries: ActivityEntry[] };

export function groupEntries(entries: readonly ActivityEntry[]): ActivityGroup[] {
  const groups: ActivityGroup[] = [];
  for (const e of entries) {
    const last = groups.at(-1);
    const h = last?.head;
    if (
      h &&
      h.at === e.at &&
      h.entity === e.entity &&
      h.entityId === e.entityId &&
      h.op === e.op &&
      h.by?.id === e.by?.id &&
      e.op !== 'conflict'
    )
      last.entries.push(e);
    else groups.push({ key: `${e.at}~${e.seq}`, head: e, entries: [e] });
  }
  return groups;
}
