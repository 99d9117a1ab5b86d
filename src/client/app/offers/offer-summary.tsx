// An offer in a few lines: title (a link to its page, or plain), type, organisation, the action
// fields it serves, availability and whether it was retired. The catalogue's cards and a need's
// matches show it.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import type { Offer } from '../../../shared/domain/schemas';
import { OFFER_TYPES } from '../../../shared/domain/vocab';
import { label } from '../../i18n';
import { ot } from '../../i18n/offers';

/** The fields an offer serves, in words ("alle Handlungsfelder" when it names none). */
export function offerFieldsText(o: Pick<Offer, 'fieldIds'>): string {
  if (o.fieldIds.length === 0) return ot('anyField');
  return o.fieldIds.map((id) => label(actionField(id)!)).join(' · ');
}

/** The contact of an offer on one line (name, organisation, email, phone), '' when empty. */
export function contactText(o: Pick<Offer, 'contact'>): string {
  const c = o.contact;
  return [c.name, c.organisation, c.email, c.phone].filter(Boolean).join(' · ');
}

export function OfferSummary(props: { offer: Offer; link?: boolean }) {
  const o = () => props.offer;
  return (
    <div class="offer-summary" data-offer={o().id}>
      <p class="offer-title">
        <Show when={props.link} fallback={<strong>{o().title}</strong>}>
          <A href={`/offers/${o().id}`}>{o().title}</A>
        </Show>
        <Show when={!o().active}>
          {' '}
          <span class="status status-planned">{ot('inactive')}</span>
        </Show>
      </p>
      <p class="meta">
        {[label(OFFER_TYPES[o().type]), o().organisation].filter(Boolean).join(' · ')}
      </p>
      <p class="meta offer-fields-line">{offerFieldsText(o())}</p>
      <Show when={o().availability}>
        <p class="meta">{o().availability}</p>
      </Show>
    </div>
  );
}
