// A visit in a list: site, date, status, phase, checklist progress and its sync badge.
import { A } from '@solidjs/router';
import type { Site, Visit } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { VisitSyncBadge } from '../components/sync-status';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { checklistOf } from '../../db/queries';
import { checklistProgress } from '../../../shared/domain/checklist-progress';
import { checklistProgressText, checklistTexts } from '../../i18n/checklist';
import '../styles/review.css';

export function VisitCard(props: { visit: Visit; site: Site | undefined }) {
  const db = useDb();
  const checklist = createLiveQuery(
    () => props.visit.id,
    (id) => checklistOf(db, id),
  );
  const progress = () => {
    const items = checklist();
    return items?.length ? checklistProgressText(checklistProgress(items), lang()) : '';
  };
  return (
    <div class="card visit-card">
      <A class="link-card-main" href={`/visits/${props.visit.id}`}>
        <strong>{props.site ? `${props.site.municipality} – ${props.site.quarter}` : '?'}</strong>
        <span class="meta">
          {formatDate(props.visit.date, lang(), 'medium')} · {label(PHASES[props.visit.phase])}
        </span>
        {/* The line is there from the first frame (a no-break space until the count is read), so
            the list does not shift when the progress arrives. */}
        <span class="meta check-progress">
          {progress() ? checklistTexts('label', { progress: progress() }) : '\u00a0'}
        </span>
      </A>
      <span class={`status status-${props.visit.status}`}>
        {label(VISIT_STATUSES[props.visit.status])}
      </span>
      <VisitSyncBadge visitId={props.visit.id} />
    </div>
  );
}
