// A follow-up as the briefing lists it: what, kind, offer, status, owner and due date, who
// recorded it, and a link to the visit that agreed it.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import type { FollowUp } from '../../../shared/domain/schemas';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../../shared/domain/vocab';
import type { WithAuthors } from '../../db/authors';
import { label, lang, t } from '../../i18n';
import { bt } from '../../i18n/briefing';
import { formatDate } from '../../i18n/format';
import { ByLine } from '../components/by-line';

export function FollowUpLine(props: { followUp: FollowUp & WithAuthors }) {
  const f = () => props.followUp;
  const facts = () =>
    [
      label(FOLLOW_UP_KINDS[f().kind]),
      label(OFFER_TYPES[f().offerType]),
      label(FOLLOW_UP_STATUSES[f().status]),
      f().owner,
      f().dueDate ? bt('due', { date: formatDate(f().dueDate, lang(), 'medium') }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <li class="brief-follow-up">
      <strong>{f().description}</strong>
      <span class="meta">{facts()}</span>
      <ByLine row={f()} />
      <Show when={f().visitId}>
        <A href={`/visits/${f().visitId}`} class="small tap">
          {t('visit.details')} →
        </A>
      </Show>
    </li>
  );
}
