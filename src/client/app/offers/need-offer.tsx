// The alliance's offer for an advisory need (docs/domain.md §Offers), on the need's card: the
// linked offer (title, organisation, contact) with how far the link got and what came of it, or,
// while none is linked, the best matching offers of the catalogue (offer-match.ts) to link one.
// Linking, following up and unlinking are patches of the need's tracking fields only, so they
// stay possible after the visit was submitted or approved; `canTrack` says whether the person may
// (policy mayTrackFollowUp). Inside a closed <details> (a row of the needs list) it reads nothing
// until it is opened. The needs of one list share one read of the catalogue (OfferCatalogue).
import { A } from '@solidjs/router';
import {
  type JSX,
  For,
  Show,
  createContext,
  createSignal,
  getOwner,
  onCleanup,
  onMount,
  runWithOwner,
  useContext,
} from 'solid-js';
import { matchOffers } from '../../../shared/domain/offer-match';
import type { FollowUp, Offer } from '../../../shared/domain/schemas';
import { useDb } from '../../db/db-context';
import { type LiveQuery, createLiveQuery } from '../../db/live';
import type { Local } from '../../db/schema';
import { linkOffer, unlinkOffer } from '../../db/offer-mutators';
import { getOffer, listOffers } from '../../db/offer-queries';
import { ot } from '../../i18n/offers';
import { FormError } from '../components/form';
import { MatchTracking } from './match-tracking';
import { OfferSummary, contactText } from './offer-summary';
import './offers.css';

/** How many matching offers a need shows. */
const SHOWN_MATCHES = 3;

const Catalogue = createContext<() => LiveQuery<Local<Offer>[]>>();

/**
 * The offers catalogue read once for all the needs inside it (a visit's needs, the needs list)
 * instead of once per need: the first need that shows its matches opens the read, the others
 * share it until the list goes.
 */
export function OfferCatalogue(props: { children: JSX.Element }) {
  const db = useDb();
  const owner = getOwner();
  let offers: LiveQuery<Local<Offer>[]> | undefined;
  const open = () => (offers ??= runWithOwner(owner, () => createLiveQuery(() => db, listOffers))!);
  return <Catalogue.Provider value={open}>{props.children}</Catalogue.Provider>;
}

export function NeedOffer(props: { followUp: FollowUp; canTrack: boolean }) {
  const db = useDb();
  const [error, setError] = createSignal<unknown>(null);
  // Linking or unlinking removes the pressed button: the heading of what replaces it takes the
  // focus, so a keyboard or screen reader stays at the need instead of the page's start.
  const [moveFocus, setMoveFocus] = createSignal(false);
  const run = (write: Promise<void>) => {
    setError(null);
    setMoveFocus(true);
    write.catch((e: unknown) => {
      setMoveFocus(false);
      setError(e);
    });
  };
  const focusHeading = (el: HTMLElement) => {
    if (!moveFocus()) return;
    setMoveFocus(false);
    queueMicrotask(() => el.focus());
  };
  const [open, setOpen] = createSignal(false);
  let box!: HTMLElement;
  onMount(() => {
    const details = box.parentElement?.closest('details');
    if (!details) return setOpen(true);
    const follow = () => setOpen(details.open);
    follow();
    details.addEventListener('toggle', follow);
    onCleanup(() => details.removeEventListener('toggle', follow));
  });
  return (
    <section
      ref={box}
      class="need-offer"
      aria-label={ot('need.title')}
      data-need-offer={props.followUp.id}
    >
      <Show when={open()}>
        <Show
          when={props.followUp.offerId}
          fallback={
            <NeedMatches
              followUp={props.followUp}
              canTrack={props.canTrack}
              heading={focusHeading}
              onLink={(offerId) => run(linkOffer(db, props.followUp.id, offerId))}
            />
          }
        >
          {(offerId) => (
            <LinkedOffer
              offerId={offerId()}
              followUp={props.followUp}
              canTrack={props.canTrack}
              heading={focusHeading}
              onUnlink={() => run(unlinkOffer(db, props.followUp.id))}
            />
          )}
        </Show>
      </Show>
      <FormError error={error()} />
    </section>
  );
}

function LinkedOffer(props: {
  offerId: string;
  followUp: FollowUp;
  canTrack: boolean;
  heading: (el: HTMLElement) => void;
  onUnlink: () => void;
}) {
  const db = useDb();
  const offer = createLiveQuery(
    () => props.offerId,
    (id) => getOffer(db, id),
  );
  return (
    <>
      <h3 class="need-offer-h" tabIndex={-1} ref={(el) => props.heading(el)}>
        {ot('need.title')}
      </h3>
      <Show when={offer.ready()}>
        <Show when={offer()} fallback={<p class="muted">{ot('need.missing')}</p>}>
          {(o) => (
            <>
              <OfferSummary offer={o()} link />
              <Show when={contactText(o())}>
                <p class="meta">
                  {ot('form.contact')}: {contactText(o())}
                </p>
              </Show>
            </>
          )}
        </Show>
      </Show>
      <MatchTracking followUp={props.followUp} canTrack={props.canTrack} />
      <Show when={props.canTrack}>
        <p class="row end">
          <button
            type="button"
            class="btn subtle"
            data-action="need.unlink"
            onClick={() => props.onUnlink()}
          >
            {ot('need.unlink')}
          </button>
        </p>
      </Show>
    </>
  );
}

function NeedMatches(props: {
  followUp: FollowUp;
  canTrack: boolean;
  heading: (el: HTMLElement) => void;
  onLink: (offerId: string) => void;
}) {
  const db = useDb();
  const shared = useContext(Catalogue);
  const offers = shared ? shared() : createLiveQuery(() => db, listOffers);
  const matches = () => matchOffers(props.followUp, offers() ?? [], SHOWN_MATCHES);
  return (
    <Show when={offers.ready()}>
      <h3 class="need-offer-h" tabIndex={-1} ref={(el) => props.heading(el)}>
        {ot('need.matches')}
      </h3>
      <Show when={matches().length > 0} fallback={<p class="muted">{ot('need.none')}</p>}>
        <ul class="need-matches">
          <For each={matches()}>
            {(m) => (
              <li class="need-match">
                <OfferSummary offer={m.offer} link />
                <p class="meta">{ot(`need.rank${m.rank}`)}</p>
                <Show when={props.canTrack}>
                  <button
                    type="button"
                    class="btn"
                    data-action="need.link"
                    aria-label={ot('need.linkName', { title: m.offer.title })}
                    onClick={() => props.onLink(m.offer.id)}
                  >
                    {ot('need.link')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="meta">
        <A href="/offers">{ot('need.catalogue')}</A>
      </p>
    </Show>
  );
}
