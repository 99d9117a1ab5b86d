// The ratings of each action field over the site's visits: one small chart per rated field
// (outside view and self-assessment as separate series, never averaged together), each with its
// text alternative and, folded, the table of the numbers behind it. Fields nobody rated yet are
// named in one line.
import { For, Show } from 'solid-js';
import type { FieldSeries, SiteCourse } from '../../../shared/analysis/site-course';
import { actionField } from '../../../shared/domain/action-fields';
import { PHASES } from '../../../shared/domain/vocab';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { ct } from '../../i18n/site-course';
import { CourseChart, CourseLegend, monthYear } from './site-course-chart';

const rated = (s: FieldSeries) => s.outside.length + s.local.length > 0;

function FieldChart(props: { series: FieldSeries; course: SiteCourse }) {
  const name = () => label(actionField(props.series.fieldId)!);
  const points = (list: FieldSeries['outside']) =>
    list.length
      ? list
          .map((p) => ct('point', { rating: p.rating, date: formatDate(p.date, lang()) }))
          .join(', ')
      : ct('noPoints');
  const rows = () =>
    props.course.visits.flatMap((v) => {
      const outside = props.series.outside.find((p) => p.index === v.index);
      const local = props.series.local.find((p) => p.index === v.index);
      return outside || local ? [{ v, outside, local }] : [];
    });
  return (
    <figure class="course-field" data-field={props.series.fieldId}>
      <figcaption>{name()}</figcaption>
      <CourseChart
        phases={props.course.phases}
        visitCount={props.course.visits.length}
        dates={props.course.visits.map((v) => v.visit.date)}
        outside={props.series.outside}
        local={props.series.local}
        alt={ct('chartAlt', {
          field: name(),
          outside: points(props.series.outside),
          local: points(props.series.local),
        })}
      />
      <details class="course-numbers">
        <summary>{ct('numbers')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{ct('visit')}</th>
              <th scope="col">{ct('outside')}</th>
              <th scope="col">{ct('colLocal')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr>
                  <th scope="row">
                    {formatDate(r.v.visit.date, lang())}
                    <span class="meta">{label(PHASES[r.v.visit.phase])}</span>
                  </th>
                  <td>{r.outside?.rating ?? ct('dash')}</td>
                  <td>{r.local?.rating ?? ct('dash')}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function CourseRatings(props: { course: SiteCourse }) {
  /** "Gebietsauswahl 03/24 · Umsetzung 06/25–09/26": the phase runs the shaded bands stand for. */
  const bands = () =>
    props.course.phases
      .map((p) => {
        const [first, last] = [p.visits[0]!.visit.date, p.visits.at(-1)!.visit.date];
        const span =
          monthYear(first) === monthYear(last)
            ? monthYear(first)
            : `${monthYear(first)}–${monthYear(last)}`;
        return `${label(PHASES[p.phase])} ${span}`;
      })
      .join(' · ');
  const shown = () => props.course.ratings.filter(rated);
  const unrated = () =>
    props.course.ratings.filter((s) => !rated(s)).map((s) => label(actionField(s.fieldId)!));
  return (
    <section aria-labelledby="course-ratings-h">
      <h3 id="course-ratings-h">{ct('ratings')}</h3>
      <Show when={shown().length > 0} fallback={<p class="empty">{ct('ratingsNone')}</p>}>
        <p class="meta">{ct('ratingsIntro')}</p>
        <CourseLegend outside={ct('outside')} local={ct('local')} />
        <p class="meta">{ct('bands', { phases: bands() })}</p>
        <For each={shown()}>{(s) => <FieldChart series={s} course={props.course} />}</For>
        <Show when={unrated().length > 0}>
          <p class="empty">{ct('notRated', { fields: unrated().join(' · ') })}</p>
        </Show>
      </Show>
    </section>
  );
}
