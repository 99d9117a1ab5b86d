// "Entwicklung": a site's course over time on the site page, read offline from this device
// (db/site-course-queries.ts): the visits per programme phase with the action fields each
// covered and its advisory needs, the needs open now and closed since the latest visit, and the
// ratings of each field over time.
import { Show } from 'solid-js';
import type { SiteCourse } from '../../../shared/analysis/site-course';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { siteCourseOf } from '../../db/site-course-queries';
import { ct } from '../../i18n/site-course';
import { CourseRatings } from './site-course-ratings';
import { CourseVisits } from './site-course-visits';
import '../styles/site-course.css';

function NeedsSummary(props: { course: SiteCourse }) {
  return (
    <section aria-labelledby="course-needs-h">
      <h3 id="course-needs-h">{ct('needs')}</h3>
      <p class="meta">{ct('needsIntro')}</p>
      <p class="course-needs-now">
        {ct('openNow', { n: props.course.openNow })} ·{' '}
        {ct('closedSinceLatest', { n: props.course.closedSinceLatest })}
      </p>
      <Show when={props.course.closedUnknownDay > 0}>
        <p class="meta">{ct('closedUnknown', { n: props.course.closedUnknownDay })}</p>
      </Show>
    </section>
  );
}

export function SiteCourseView(props: { siteId: string }) {
  const db = useDb();
  const course = createLiveQuery(
    () => props.siteId,
    (id) => siteCourseOf(db, id),
  );
  return (
    <section class="site-course" aria-labelledby="course-h">
      <h2 id="course-h">{ct('title')}</h2>
      <Show when={course()}>
        {(c) => (
          <Show when={c().visits.length > 0} fallback={<p class="empty">{ct('empty')}</p>}>
            <p class="meta">{ct('intro')}</p>
            <section aria-labelledby="course-visits-h">
              <h3 id="course-visits-h">{ct('visits')}</h3>
              <CourseVisits phases={c().phases} />
            </section>
            <NeedsSummary course={c()} />
            <CourseRatings course={c()} />
          </Show>
        )}
      </Show>
    </section>
  );
}
