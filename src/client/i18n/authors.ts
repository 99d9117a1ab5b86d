// Words for who recorded and who last changed a record ("Erfasst von A · zuletzt geändert von B,
// 2. Dez. 2026, 10:14"), used by the cards (<ByLine>) and by every report renderer, which pass
// their own language. Dates follow the language's locale (Intl.DateTimeFormat).
import type { Lang } from '../../shared/domain/vocab';
import { defineTexts } from './define';
import { formatDateTime } from './format';

export const authorTexts = defineTexts(
  'authors',
  {
    created: 'Erfasst von {author}',
    createdAt: 'Erfasst von {author}, {date}',
    editedByOther: 'Erfasst von {author} · zuletzt geändert von {editor}, {date}',
    editedBySame: 'Erfasst von {author} · zuletzt geändert am {date}',
    editedOnly: 'Zuletzt geändert von {editor}, {date}',
    editedOnlyNoDate: 'Zuletzt geändert von {editor}',
    unsynced: 'noch nicht synchronisiert',
  },
  {
    created: 'Recorded by {author}',
    createdAt: 'Recorded by {author}, {date}',
    editedByOther: 'Recorded by {author} · last changed by {editor}, {date}',
    editedBySame: 'Recorded by {author} · last changed on {date}',
    editedOnly: 'Last changed by {editor}, {date}',
    editedOnlyNoDate: 'Last changed by {editor}',
    unsynced: 'not yet synced',
  },
);

/** What the words are made of (client/db/authors.ts authorsOf gives exactly this). */
export type ByLineParts = {
  author: string | null;
  editor: string | null;
  editedAt: string | null;
  createdAt: string | null;
  edited: boolean;
};

/** A date and time as people of `lang` read it: "2. Dez. 2026, 10:14" / "2 Dec 2026, 10:14". */
export function formatAuthorDate(iso: string, lang: Lang, timeZone?: string): string {
  return formatDateTime(iso, lang, timeZone, 'medium');
}

/**
 * Only who changed the record last and when, or '' while nobody changed it after creating it:
 * for records nobody writes by themselves (a visit's checklist items come with the visit).
 */
export function editedLineText(parts: ByLineParts, lang: Lang, timeZone?: string): string {
  if (!parts.edited || parts.editor === null || parts.editedAt === null) return '';
  const date = formatAuthorDate(parts.editedAt, lang, timeZone);
  return authorTexts.in(lang)('editedOnly', { editor: parts.editor, date });
}

/** The by-line of a record in `lang`, or '' when nothing is known about its authors. */
export function byLineText(parts: ByLineParts, lang: Lang, timeZone?: string): string {
  const tr = authorTexts.in(lang);
  const { author, editor, edited } = parts;
  const when = parts.editedAt ?? parts.createdAt;
  const date = when ? formatAuthorDate(when, lang, timeZone) : null;
  if (author === null) {
    if (editor === null) return '';
    return date ? tr('editedOnly', { editor, date }) : tr('editedOnlyNoDate', { editor });
  }
  if (!edited || date === null) {
    const created = parts.createdAt ? formatAuthorDate(parts.createdAt, lang, timeZone) : null;
    return created ? tr('createdAt', { author, date: created }) : tr('created', { author });
  }
  if (editor !== null && editor !== author) return tr('editedByOther', { author, editor, date });
  return tr('editedBySame', { author, date });
}
