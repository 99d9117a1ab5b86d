// A visit in a list: site, date, status, phase, checklist progress and its sync badge.
// On the visits list's first screen the database code is not loaded yet (app.tsx): the card
// shows the checklist read with it (`checklist`) and the badge's empty line until it is.
import { A } from '@solidjs/router';
import type { ChecklistItem, Site, Visit } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { type DbKit, useDbKit } from '../shell/kit-context';
import { checklistProgress } from '../../../shared/domain/checklist-progress';
import { checklistProgressText, checklistTexts } from '../../i18n/checklist';
import '../styles/review.css';

function liveChecklist(kit: DbKit, visit: { visit: Visit }) {
  const db = kit.useDb();
  return kit.createLiveQuery(
    () => visit.visit.id,
    (id) => kit.checklistOf(db, id),
  );
}

export function VisitCard(props: {
  visit: Visit;
  site: Site | undefined;
  /** The checklist as the first screen read it: shown until the live query answered. */
  checklist?: readonly ChecklistItem[] | undefined;
}) {
  const kit = useDbKit();
  const checklist = kit && liveChecklist(kit, props);
  const progress = () => {
    const items = checklist?.ready() ? checklist() : props.checklist;
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
      {kit ? (
        <kit.VisitSyncBadge visitId={props.visit.id} />
      ) : (
        // The badge as it is before its query answers (components/sync-status.tsx): one hidden
        // line. Written out here: a module shared with sync-status.tsx becomes a chunk of its own,
        // one more request before the first card.
        <p class="sync-badge pending" data-state="ok">
          {'\u00a0'}
        </p>
      )}
    </div>
  );
}
