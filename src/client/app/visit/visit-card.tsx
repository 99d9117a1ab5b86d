// A visit in a list: site, date, status, phase and its sync badge.
import { A } from '@solidjs/router';
import type { Site, Visit } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { VisitSyncBadge } from '../components/sync-status';

export function VisitCard(props: { visit: Visit; site: Site | undefined }) {
  return (
    <div class="card visit-card">
      <A class="link-card-main" href={`/visits/${props.visit.id}`}>
        <strong>{props.site ? `${props.site.municipality} – ${props.site.quarter}` : '?'}</strong>
        <span class="meta">
          {formatDate(props.visit.date, lang(), 'medium')} · {label(PHASES[props.visit.phase])}
        </span>
      </A>
      <span class={`status status-${props.visit.status}`}>
        {label(VISIT_STATUSES[props.visit.status])}
      </span>
      <VisitSyncBadge visitId={props.visit.id} />
    </div>
  );
}
