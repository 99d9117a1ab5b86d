// The site's visits in date order, grouped by programme phase: each with its date (a link to the
// visit), status, how many of the ten action fields it covered with a compact strip numbered 1–10
// in the order of the visit page's coverage strip, and its advisory needs. A planned visit with
// nothing recorded says so instead of showing ten empty fields.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PhaseCourse, VisitCourse } from '../../../shared/analysis/site-course';
import { FIELDS_BY_THEME } from '../../../shared/domain/action-fields';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { label, lang, t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { ct } from '../../i18n/site-course';

function FieldStrip(props: { covered: readonly string[] }) {
  const names = () =>
    props.covered.map((id) => t(`cov.${id}` as 'cov.housing').replace(/\u00ad/g, ''));
  return (
    <div
      class="course-strip"
      role="img"
      aria-label={
        names().length ? ct('coveredFields', { fields: names().join(', ') }) : ct('coveredNone')
      }
    >
      <For each={FIELDS_BY_THEME}>
        {(f, i) => (
          <span
            class={props.covered.includes(f.id) ? 'covered' : 'missing'}
            data-field={f.id}
            title={label(f)}
          >
            {i() + 1}
          </span>
        )}
      </For>
    </div>
  );
}

function VisitLine(props: { course: VisitCourse }) {
  const v = () => props.course.visit;
  const needs = () => props.course.needs;
  return (
    <li class="course-visit" data-visit={v().id} data-planned={props.course.planned || undefined}>
      <p class="course-visit-head">
        <A href={`/visits/${v().id}`}>{formatDate(v().date, lang(), 'medium')}</A>
        <span class={`status status-${v().status}`}>{label(VISIT_STATUSES[v().status])}</span>
      </p>
      <Show
        when={!props.course.planned}
        fallback={<p class="meta course-planned">{ct('planned')}</p>}
      >
        <p class="course-covered">{ct('covered', { n: props.course.covered.length })}</p>
        <FieldStrip covered={props.course.covered} />
      </Show>
      <Show when={needs().opened + needs().closed + needs().open + needs().closedUnknownDay > 0}>
        <p class="meta course-needs">
          {ct('needsLine', {
            opened: needs().opened,
            closed: needs().closed,
            open: needs().open,
          })}
          <Show when={needs().closedUnknownDay > 0}>
            {` · ${ct('needsUnknown', { n: needs().closedUnknownDay })}`}
          </Show>
        </p>
      </Show>
    </li>
  );
}

export function CourseVisits(props: { phases: readonly PhaseCourse[] }) {
  return (
    <For each={props.phases}>
      {(p) => (
        <div class="course-phase" data-phase={p.phase}>
          <h4>
            {label(PHASES[p.phase])}{' '}
            <span class="meta">({ct('visitCount', { n: p.visits.length })})</span>
          </h4>
          <ol class="course-visits">
            <For each={p.visits}>{(v) => <VisitLine course={v} />}</For>
          </ol>
        </div>
      )}
    </For>
  );
}
