// The ten action fields' ratings at a visit (docs/domain.md §Ratings): per field, grouped by
// theme, the Quartiersmanagement's self-assessment (Innensicht) beside the visitors' outside
// view (Außensicht), each a step of the anchored 1–5 scale and a reason. A person edits only the
// perspective the policy gives them (canRatePerspective) and only while the visit may be edited
// (the page's read-only scope); the other view is shown as text. Two views at least
// RATING_DIVERGENCE steps apart are marked in words. For a Quartiersmanagement on a planned visit
// the section stands at the top of the page: the self-assessment comes before the visit.
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { FIELDS_BY_THEME, THEMES, fieldsOfTheme } from '../../../shared/domain/action-fields';
import type { ActionField } from '../../../shared/domain/action-fields';
import { type Perspective, type Visit, fieldRatingId } from '../../../shared/domain/schemas';
import { RATING_SCALE } from '../../../shared/domain/vocab';
import { canRatePerspective } from '../../../shared/policy';
import { rateField } from '../../db/rating-mutators';
import { type VisitRatings, divergence } from '../../db/rating-queries';
import { useDb } from '../../db/db-context';
import { label, lang } from '../../i18n';
import { rat } from '../../i18n/ratings';
import { saveNow } from '../autosave';
import { TextField } from '../components/fields';
import { FormError } from '../components/form';
import { ThemeTitle } from '../components/theme-title';
import { useReadOnly } from '../components/read-only';
import { usePolicy } from '../shell/use-policy';
import '../styles/field-ratings.css';

const STEPS = [1, 2, 3, 4, 5] as const;
type Step = (typeof STEPS)[number];
const PERSPECTIVES: readonly Perspective[] = ['local', 'outside'];

const stepLabel = (n: Step) => RATING_SCALE[n][lang()];
const stepHint = (n: Step) => RATING_SCALE[n].hint[lang()];
/** "3 – Im Aufbau", or "nicht bewertet". */
const stepText = (n: number | null | undefined) =>
  n == null ? rat('none') : rat('stepShort', { n, label: stepLabel(n as Step) });

/** The legend of the scale: every step with what it means. */
function Legend() {
  return (
    <details class="rating-legend">
      <summary>{rat('legend')}</summary>
      <dl>
        <For each={STEPS}>
          {(n) => (
            <>
              <dt>{rat('step', { n, label: stepLabel(n) })}</dt>
              <dd>{stepHint(n)}</dd>
            </>
          )}
        </For>
      </dl>
    </details>
  );
}

/** The radio group of one view of one field: five steps and "not rated". */
function StepChoice(props: {
  name: string;
  legend: string;
  value: number | null;
  onChange: (v: number | null) => void;
}) {
  const choices = () => [...STEPS.map((n) => ({ n: n as Step | null })), { n: null }];
  return (
    <fieldset class="rating-steps">
      <legend class="sr-only">{props.legend}</legend>
      <For each={choices()}>
        {(c) => (
          <label
            class="rating-step"
            classList={{ none: c.n === null }}
            title={c.n === null ? rat('clear') : `${stepLabel(c.n)}: ${stepHint(c.n)}`}
          >
            <input
              type="radio"
              name={props.name}
              value={c.n ?? ''}
              checked={props.value === c.n}
              onChange={() => props.onChange(c.n)}
            />
            <Show when={c.n !== null} fallback={<span aria-hidden="true">–</span>}>
              <span aria-hidden="true">{c.n}</span>
            </Show>
            <span class="sr-only">
              {c.n === null ? rat('clear') : rat('step', { n: c.n, label: stepLabel(c.n) })}
            </span>
          </label>
        )}
      </For>
    </fieldset>
  );
}

/** One view of one field: editable for its rater, text for everyone else. */
function RatingSide(props: {
  visitId: string;
  field: ActionField;
  perspective: Perspective;
  ratings: VisitRatings;
  editable: boolean;
}) {
  const db = useDb();
  const name = createUniqueId();
  const row = () => props.ratings[props.perspective][props.field.id];
  const value = () => row()?.rating ?? null;
  const title = () => rat(props.perspective);
  const save = (fields: { rating?: number | null; note?: string }) =>
    rateField(db, props.visitId, props.perspective, props.field.id, fields);
  const [error, setError] = createSignal<unknown>();
  const choose = (v: number | null) =>
    void saveNow(
      `rating:${props.perspective}:${props.field.id}`,
      async () => {
        await save({ rating: v });
        setError(undefined);
      },
      setError,
    );
  return (
    <div class="rating-side" data-perspective={props.perspective}>
      <p class="rating-head">
        <span class="rating-who">{title()}</span>{' '}
        <strong class="rating-value">{stepText(value())}</strong>
      </p>
      <Show
        when={props.editable}
        fallback={
          <Show when={row()?.note}>
            <p class="rating-note">
              <span class="rating-who">{rat('note')}:</span> {row()!.note}
            </p>
          </Show>
        }
      >
        <StepChoice
          name={name}
          legend={`${title()}: ${label(props.field)}`}
          value={value()}
          onChange={choose}
        />
        <FormError error={error()} />
        <TextField
          label={rat('note')}
          multiline
          rows={2}
          saveKey={`rating:${fieldRatingId(props.visitId, props.perspective, props.field.id)}:note`}
          value={row()?.note ?? ''}
          version={row()?._v}
          onSave={(note) => save({ note })}
        />
      </Show>
    </div>
  );
}

/** One field: its two views side by side, a divergence marked above them. */
function FieldRating(props: {
  visitId: string;
  field: ActionField;
  ratings: VisitRatings;
  may: (p: Perspective) => boolean;
}) {
  const local = () => props.ratings.local[props.field.id]?.rating;
  const outside = () => props.ratings.outside[props.field.id]?.rating;
  const apart = () => divergence(local(), outside());
  return (
    <div
      role="group"
      class="rating-field"
      id={`rating-${props.field.id}`}
      aria-labelledby={`rh-${props.field.id}`}
      data-diverges={apart() !== null ? 'true' : undefined}
    >
      <h4 id={`rh-${props.field.id}`}>{label(props.field)}</h4>
      <Show when={apart()}>
        {(n) => (
          <p class="rating-divergence">
            <span aria-hidden="true">⚠ </span>
            {rat('divergenceLong', { n: n(), local: local()!, outside: outside()! })}
          </p>
        )}
      </Show>
      <div class="rating-pair">
        <For each={PERSPECTIVES}>
          {(p) => (
            <RatingSide
              visitId={props.visitId}
              field={props.field}
              perspective={p}
              ratings={props.ratings}
              editable={props.may(p)}
            />
          )}
        </For>
      </div>
    </div>
  );
}

/** Is this the Quartiersmanagement's self-assessment before the visit (section at the top)? */
function selfAssessmentFirst(role: string | undefined, visit: Visit): boolean {
  return role === 'quartiersmanagement' && visit.status === 'planned';
}

export function FieldRatingsSection(props: {
  visit: Visit;
  ratings: VisitRatings | undefined;
  /** Where the page places it: the top for a self-assessment before the visit, else after the findings. */
  place: 'top' | 'bottom';
}) {
  const { user } = usePolicy();
  const readOnly = useReadOnly();
  const first = () => selfAssessmentFirst(user()?.role, props.visit);
  const may = (p: Perspective) => {
    const u = user();
    return !readOnly() && u !== null && canRatePerspective(u, p);
  };
  const ratings = () => props.ratings ?? { local: {}, outside: {} };
  const count = (p: Perspective) =>
    FIELDS_BY_THEME.filter((f) => ratings()[p][f.id]?.rating != null).length;
  return (
    <Show when={first() === (props.place === 'top')}>
      <section class="field-ratings" id="ratings" aria-labelledby="ratings-h">
        <h2 id="ratings-h">{first() ? rat('selfAssessment') : rat('title')}</h2>
        <p class="meta">{first() ? rat('selfAssessmentHint') : rat('intro')}</p>
        <p class="meta rating-count">
          <For each={PERSPECTIVES}>
            {(p) => (
              <span>
                {rat(`${p}Short`)}: {rat('rated', { n: count(p), total: FIELDS_BY_THEME.length })}
              </span>
            )}
          </For>
        </p>
        <Legend />
        <For each={THEMES}>
          {(theme) => (
            <div class="theme">
              <ThemeTitle theme={theme} />
              <For each={fieldsOfTheme(theme.id)}>
                {(field) => (
                  <FieldRating
                    visitId={props.visit.id}
                    field={field}
                    ratings={ratings()}
                    may={may}
                  />
                )}
              </For>
            </div>
          )}
        </For>
      </section>
    </Show>
  );
}
