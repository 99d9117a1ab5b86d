// Route /offers/:id: one offer of the alliance. Its owner (who registered it) or a coordinator
// changes, retires or deletes it (the form folded away under the needs); everybody else reads it.
// The needs linked to it, each with its site, visit and state; the owner follows each link up
// (state and note) right here.
import { A, useNavigate } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Offer } from '../../../shared/domain/schemas';
import { FOLLOW_UP_STATUSES } from '../../../shared/domain/vocab';
import { mayEditOffer, mayTrackFollowUp } from '../../../shared/policy';
import { deleteOffer, updateOffer } from '../../db/offer-mutators';
import { type LinkedNeed, getOffer, needsOfOffer, offerOwner } from '../../db/offer-queries';
import type { Local } from '../../db/schema';
import { label, lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { ot } from '../../i18n/offers';
import { ByLine } from '../components/by-line';
import { RecordGate, WhenReady } from '../components/page-parts';
import { useRouteRecord } from '../route-query';
import { usePageTitle } from '../shell/page-title';
import { usePolicy } from '../shell/use-policy';
import { siteName } from '../site-name';
import { MatchTracking } from './match-tracking';
import { OfferForm } from './offer-form';
import { OfferSummary, contactText } from './offer-summary';
import './offers.css';

export default function OfferPage() {
  const { db, byId } = useRouteRecord();
  const offer = byId(getOffer);
  const linked = byId(needsOfOffer);
  const navigate = useNavigate();
  const { can } = usePolicy();
  usePageTitle(() => offer()?.title ?? (offer.ready() ? ot('detail.notFound') : ot('list.title')));
  const editable = (o: Local<Offer>) => can((u) => mayEditOffer(u, { createdBy: offerOwner(o) }));

  const remove = async (o: Local<Offer>) => {
    if (!confirm(ot('detail.confirmDelete'))) return;
    await deleteOffer(db, o.id);
    navigate('/offers', { replace: true });
  };

  return (
    <section class="page narrow offer-page">
      <p>
        <A href="/offers">{ot('detail.back')}</A>
      </p>
      <RecordGate
        query={offer}
        missing={
          <>
            <h1>{ot('detail.notFound')}</h1>
            <p>{ot('detail.missing')}</p>
          </>
        }
      >
        {(o) => (
          <>
            <h1>{o().title}</h1>
            <ByLine row={o()} />
            <div class="card">
              <OfferSummary offer={o()} />
              <Show when={o().description}>
                <p class="offer-description">{o().description}</p>
              </Show>
              <Show when={contactText(o())}>
                <p>
                  <strong>{ot('form.contact')}:</strong> {contactText(o())}
                </p>
              </Show>
            </div>
            <section aria-labelledby="offer-linked-h">
              <h2 id="offer-linked-h">{ot('linked.title')}</h2>
              <WhenReady ready={linked.ready()}>
                <Show
                  when={(linked() ?? []).length > 0}
                  fallback={<p class="empty">{ot('linked.empty')}</p>}
                >
                  <ul class="cards">
                    <For each={linked()}>
                      {(l) => <LinkedNeedCard linked={l} ownerMayTrack={editable(o())} />}
                    </For>
                  </ul>
                </Show>
              </WhenReady>
            </section>
            <Show when={editable(o())}>
              <details class="card offer-edit">
                <summary>{ot('form.editTitle')}</summary>
                <OfferForm
                  initial={o()}
                  name={ot('form.editTitle')}
                  submitLabel={ot('form.save')}
                  withActive
                  onSubmit={(fields) => updateOffer(db, o().id, fields)}
                />
              </details>
              <p class="row end">
                <button
                  type="button"
                  class="btn subtle"
                  data-action="offer.delete"
                  onClick={() => void remove(o())}
                >
                  {ot('detail.delete')}
                </button>
              </p>
            </Show>
          </>
        )}
      </RecordGate>
    </section>
  );
}

function LinkedNeedCard(props: { linked: LinkedNeed; ownerMayTrack: boolean }) {
  const { can } = usePolicy();
  const f = () => props.linked.followUp;
  return (
    <li class="card linked-need" data-follow-up={f().id}>
      <p class="offer-title">
        <Show when={props.linked.site} fallback={<span>—</span>}>
          {(s) => <A href={`/sites/${s().id}`}>{siteName(s())}</A>}
        </Show>
      </p>
      <Show when={props.linked.visit}>
        {(v) => (
          <p class="meta">
            <A href={`/visits/${v().id}`}>
              {ot('linked.visit', { date: formatDate(v().date, lang(), 'medium') })}
            </A>
          </p>
        )}
      </Show>
      <p>{f().description}</p>
      <p class="meta">{ot('linked.status', { status: label(FOLLOW_UP_STATUSES[f().status]) })}</p>
      <MatchTracking
        followUp={f()}
        canTrack={props.ownerMayTrack && can((u) => mayTrackFollowUp(u, f()))}
      />
    </li>
  );
}
