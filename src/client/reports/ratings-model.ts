// The report section "Einschätzung der Handlungsfelder" (docs/domain.md §Ratings) as plain,
// language-resolved data: per action field, in page order, the self-assessment (Innensicht)
// beside the outside view (Außensicht) with their steps' words and reasons, a divergence of
// RATING_DIVERGENCE steps or more said in words, and the scale's legend once. Every renderer
// prints it from here.
import { FIELDS_BY_THEME } from '../../shared/domain/action-fields';
import type { ActionFieldId, FieldRating, Perspective } from '../../shared/domain/schemas';
import { RATING_SCALE, type Lang } from '../../shared/domain/vocab';
import { divergence, groupRatings } from '../db/rating-queries';
import { rat } from '../i18n/ratings';
import { cleanText } from './text';

export type RatingSideView = {
  rating: number | null;
  /** "3 – Im Aufbau", or "nicht bewertet". */
  text: string;
  note: string;
};

export type FieldRatingView = {
  id: string;
  label: string;
  local: RatingSideView;
  outside: RatingSideView;
  /** Steps apart when the views diverge (RATING_DIVERGENCE or more), else null. */
  divergence: number | null;
  /** "Abweichung: 2 Stufen", or '' when they do not diverge. */
  divergenceText: string;
};

export type RatingsView = {
  title: string;
  localLabel: string;
  outsideLabel: string;
  noteLabel: string;
  legendTitle: string;
  /** Each step: "Stufe 1: Kaum Ansätze" and what it means. */
  legend: { step: string; meaning: string }[];
  /** Every action field, in page order; empty when the visit has no rating or reason at all. */
  fields: FieldRatingView[];
};

export function ratingsView(rows: readonly FieldRating[], lang: Lang): RatingsView {
  const tr = rat.in(lang);
  const byView = groupRatings(rows);
  const side = (p: Perspective, fieldId: ActionFieldId): RatingSideView => {
    const r = byView[p][fieldId];
    const rating = r?.rating ?? null;
    return {
      rating,
      text:
        rating === null
          ? tr('none')
          : tr('stepShort', { n: rating, label: RATING_SCALE[rating as 1][lang] }),
      note: cleanText(r?.note ?? ''),
    };
  };
  const any = rows.some((r) => r.rating !== null || r.note.trim() !== '');
  return {
    title: tr('title'),
    localLabel: tr('local'),
    outsideLabel: tr('outside'),
    noteLabel: tr('note'),
    legendTitle: tr('legend'),
    legend: ([1, 2, 3, 4, 5] as const).map((n) => ({
      step: tr('step', { n, label: RATING_SCALE[n][lang] }),
      meaning: RATING_SCALE[n].hint[lang],
    })),
    fields: any
      ? FIELDS_BY_THEME.map((f) => {
          const local = side('local', f.id);
          const outside = side('outside', f.id);
          const apart = divergence(local.rating, outside.rating);
          return {
            id: f.id,
            label: f[lang],
            local,
            outside,
            divergence: apart,
            divergenceText: apart === null ? '' : tr('divergence', { n: apart }),
          };
        })
      : [],
  };
}
