// How a record is named where it is not on screen (conflicts, refused changes): what it is, its
// first words, its action field and its visit — "Beobachtung „Der Spielplatz an der Schule …“ ·
// Wohnen und Wohnumfeld · Besuch am 2. Dez. 2026, Kassel – Nordstadt".
import { actionField } from '../../shared/domain/action-fields';
import { CHECKLIST_TEMPLATES } from '../../shared/domain/checklist-templates';
import { templateText } from '../../shared/domain/template-versions';
import type { Lang } from '../../shared/domain/vocab';
import type { RecordContext } from '../db/review-queries';
import { ct } from '../i18n/conflicts';
import { formatDate } from '../i18n/format';
import { entityLabel } from './components/value-view';
import { siteName } from './site-name';

type Row = Record<string, unknown>;

export type { RecordContext };

const WORDS = 6;
const CHARS = 48;

/** The first few words of a text, with "…" when there is more. */
export function firstWords(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let out = words.slice(0, WORDS).join(' ');
  if (out.length > CHARS) out = out.slice(0, CHARS).trimEnd();
  return out.length < text.trim().length ? `${out} …` : out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A visit's date per locale ("2. Dez. 2026", "2 Dec 2026"); the text itself when not a date. */
export function visitDate(date: string, lang: Lang): string {
  return formatDate(date, lang, 'medium');
}

/** The words that tell this record from its siblings (text, description, name, caption …). */
function ownWords(entity: string, r: Row, lang: Lang, ctx: RecordContext): string {
  switch (entity) {
    case 'observation':
      return str(r['text']);
    case 'followUp':
      return str(r['description']);
    case 'participant':
      return str(r['name']);
    case 'photo':
      return str(r['caption']);
    case 'reviewComment':
      return str(r['text']);
    case 'offer':
      return str(r['title']);
    case 'sponsorship':
      return str(r['project']);
    case 'checklistItem': {
      // The label of the version the item names; the shipped version 1 when the device lacks it.
      const id = str(r['templateItemId']);
      const own = ctx.template?.items.find((i) => i.id === id);
      if (own) return templateText(own.label, lang);
      for (const t of CHECKLIST_TEMPLATES)
        for (const item of t.items) if (item.id === id) return item.label[lang];
      return '';
    }
    case 'checklistTemplate': {
      const title = r['title'] as { de?: unknown; en?: unknown } | undefined;
      return templateText({ de: str(title?.de), en: str(title?.en) }, lang);
    }
    default:
      return '';
  }
}

/** The action field of an observation or follow-up ("Allgemein" for none); null for others. */
function fieldOf(entity: string, r: Row, lang: Lang): string | null {
  if (entity !== 'observation' && entity !== 'followUp' && entity !== 'fieldRating') return null;
  const id = r['fieldId'];
  const f = typeof id === 'string' ? actionField(id) : undefined;
  return f ? f[lang] : ct.in(lang)('name.general');
}

/** A rating's perspective, " (Innensicht)": one field at one visit has a rating of each view. */
function viewOf(entity: string, r: Row | null, lang: Lang): string {
  const p = r?.['perspective'];
  if (entity !== 'fieldRating' || (p !== 'local' && p !== 'outside')) return '';
  return ` (${ct.in(lang)(p === 'local' ? 'name.local' : 'name.outside')})`;
}

/** The visit part: "Besuch am 2. Dez. 2026, Kassel – Nordstadt" (without the site when unknown). */
function visitPart(ctx: RecordContext, lang: Lang): string | null {
  if (!ctx.visit) return null;
  const date = visitDate(ctx.visit.date, lang);
  const say = ct.in(lang);
  return ctx.site
    ? say('name.visitAt', { date, site: siteName(ctx.site) })
    : say('name.visit', { date });
}

export function recordName(ctx: RecordContext, lang: Lang): string {
  const say = ct.in(lang);
  const what = entityLabel(ctx.entity, lang);
  const r = ctx.record;
  if (ctx.entity === 'site') {
    const s = r as { municipality?: unknown; quarter?: unknown } | null;
    return s && typeof s.municipality === 'string' && typeof s.quarter === 'string'
      ? `${what} ${say('name.quote', { words: siteName({ municipality: s.municipality, quarter: s.quarter }) })}`
      : what;
  }
  if (ctx.entity === 'visit') return visitPart(ctx, lang) ?? what;
  const parts: string[] = [];
  const words = r ? firstWords(ownWords(ctx.entity, r, lang, ctx)) : '';
  parts.push(
    words ? `${what} ${say('name.quote', { words })}` : `${what}${viewOf(ctx.entity, r, lang)}`,
  );
  const field = r ? fieldOf(ctx.entity, r, lang) : null;
  if (field) parts.push(field);
  const visit = visitPart(ctx, lang);
  if (visit) parts.push(visit);
  return parts.join(' · ');
}

/**
 * Where a record's normal form is: a site's edit page, a visit's page, an offer's page, anything
 * in a visit at its card on the visit page (`#<entity>-<id>`), or null when this device cannot
 * show it.
 */
export function recordHref(
  entity: string,
  entityId: string,
  visitId: string | null,
): string | null {
  if (entity === 'site') return `/sites/${entityId}/edit`;
  if (entity === 'visit') return `/visits/${entityId}`;
  if (entity === 'offer') return `/offers/${entityId}`;
  return visitId ? `/visits/${visitId}#${entity}-${entityId}` : null;
}
