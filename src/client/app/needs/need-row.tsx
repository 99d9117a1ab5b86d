// One row of the needs list: kind and description, site, action field, offer type, the visit it
// came from (a link to the follow-up on the visit page), overdue marked in words, and its
// tracking fields (status, owner, due date) as controls where the policy lets the person track
// it — also on a visit that is submitted or approved. The "Mehr" area below holds what belongs
// to a need beyond the list (the alliance offers that match it).
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import { followUpStatusPatch, isOverdue } from '../../../shared/domain/follow-ups';
import type { FollowUp } from '../../../shared/domain/schemas';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../../shared/domain/vocab';
import { mayTrackFollowUp } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { updateFollowUp } from '../../db/mutators';
import type { NeedRow } from '../../db/needs-filter';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { nt } from '../../i18n/needs';
import { saveNow } from '../autosave';
import { LabelledField, Options, vocabOptions } from '../components/form';
import { usePolicy } from '../shell/use-policy';
import { NeedOffer } from '../offers/need-offer';

export function NeedRowItem(props: { row: NeedRow; today: string; ownersListId: string }) {
  const db = useDb();
  const { can } = usePolicy();
  const r = () => props.row;
  const mayTrack = () => {
    const siteId = r().siteId;
    return can((u) => mayTrackFollowUp(u, { siteId }));
  };
  const overdue = () => isOverdue(r(), props.today);
  const date = (d: string | null | undefined) => formatDate(d ?? null, lang(), 'medium');
  const save = (name: string, fields: Partial<FollowUp>) =>
    saveNow(`need:${r().id}:${name}`, () => updateFollowUp(db, r().id, fields));
  const setStatus = (status: FollowUp['status']) =>
    save('status', followUpStatusPatch(r(), status, props.today));
  const field = () => (r().fieldId ? actionField(r().fieldId!) : undefined);
  const id = (name: string) => `need-${name}-${r().id}`;

  return (
    <li class={`card need${overdue() ? ' overdue' : ''}`} data-need={r().id}>
      <p class="need-kind">{label(FOLLOW_UP_KINDS[r().kind])}</p>
      <p class="need-desc">{r().description}</p>
      <p class="meta">
        {r().siteName} · {field() ? label(field()!) : nt('noField')} ·{' '}
        {label(OFFER_TYPES[r().offerType])}
      </p>
      <Show when={overdue()}>
        <p class="need-overdue">⚠ {nt('overdueSince', { date: date(r().dueDate) })}</p>
      </Show>
      <Show
        when={mayTrack()}
        fallback={
          <p class="meta need-facts">
            {label(FOLLOW_UP_STATUSES[r().status])} · {nt('owner')}: {r().owner || '—'} ·{' '}
            {nt('dueDate')}: {r().dueDate ? date(r().dueDate) : nt('noDate')}
          </p>
        }
      >
        <div class="need-track">
          <LabelledField id={id('status')} label={nt('status')}>
            <select
              id={id('status')}
              onChange={(e) => void setStatus(e.currentTarget.value as FollowUp['status'])}
            >
              <Options options={vocabOptions(FOLLOW_UP_STATUSES, lang())} selected={r().status} />
            </select>
          </LabelledField>
          <LabelledField id={id('owner')} label={nt('owner')}>
            <input
              id={id('owner')}
              value={r().owner}
              list={props.ownersListId}
              maxLength={200}
              onChange={(e) => void save('owner', { owner: e.currentTarget.value.trim() })}
            />
          </LabelledField>
          <LabelledField id={id('due')} label={nt('dueDate')}>
            <input
              id={id('due')}
              type="date"
              value={r().dueDate ?? ''}
              onChange={(e) => void save('dueDate', { dueDate: e.currentTarget.value || null })}
            />
          </LabelledField>
        </div>
      </Show>
      <p class="small">
        <Show when={r().visitDate} fallback={<span class="muted">{nt('visitUnknown')}</span>}>
          <A href={`/visits/${r().visitId}#fu-${r().id}`} class="tap">
            {nt('fromVisit', { date: date(r().visitDate) })} →
          </A>
        </Show>
      </p>
      <details class="need-more">
        <summary>{nt('details')}</summary>
        <p class="meta">{nt('recordedOn', { date: date(r().createdAt) })}</p>
        <Show when={r().closedAt}>
          <p class="meta">{nt('closedOn', { date: date(r().closedAt) })}</p>
        </Show>
        <Show when={r().kind === 'need'}>
          <NeedOffer followUp={r()} canTrack={mayTrack()} />
        </Show>
      </details>
    </li>
  );
}
