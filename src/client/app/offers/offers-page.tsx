// Route /offers: the alliance's catalogue of offers, from this device (works offline). Filters by
// type and action field, "only mine", retired offers hidden unless asked for; the signed-in
// person's own offers with their open links on top; "+ Neues Angebot" for whoever may register one.
import { A } from '@solidjs/router';
import { For, Show, createMemo, createSignal } from 'solid-js';
import { FIELDS_BY_THEME } from '../../../shared/domain/action-fields';
import type { Offer } from '../../../shared/domain/schemas';
import { OFFER_TYPES } from '../../../shared/domain/vocab';
import { canCreate } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { filterOffers, listOffers, offerOwner, openMatchCounts } from '../../db/offer-queries';
import type { Local } from '../../db/schema';
import { label, lang, t } from '../../i18n';
import { ot } from '../../i18n/offers';
import { ChoiceField, vocabOptions, withNone } from '../components/form';
import { CardList, FabLink, WhenReady } from '../components/page-parts';
import { usePageTitle } from '../shell/page-title';
import { usePolicy } from '../shell/use-policy';
import { OfferSummary } from './offer-summary';
import './offers.css';

export default function OffersPage() {
  usePageTitle(() => ot('list.title'));
  const db = useDb();
  const { can, user } = usePolicy();
  const offers = createLiveQuery(() => db, listOffers);
  /** Members and coordinators register offers (and so have offers of their own). */
  const mayRegister = () => can((u) => canCreate(u, 'offer', { siteId: null }));
  const counts = createLiveQuery(() => db, openMatchCounts);
  const [type, setType] = createSignal('');
  const [field, setField] = createSignal('');
  const [mine, setMine] = createSignal(false);
  const [inactive, setInactive] = createSignal(false);
  const isMine = (o: Local<Offer>) => user() !== null && offerOwner(o) === user()!.id;
  const own = createMemo(() => (offers() ?? []).filter(isMine));
  const shown = createMemo(() =>
    filterOffers(offers() ?? [], {
      type: type(),
      fieldId: field(),
      onlyOf: mine() && (user()?.id ?? null),
      withRetired: inactive(),
    }),
  );
  const fieldOptions = () =>
    withNone(
      t('common.all'),
      FIELDS_BY_THEME.map((f) => ({ value: f.id, label: `${f.theme} · ${label(f)}` })),
    );

  return (
    <section class="page offers-page">
      <h1>{ot('list.title')}</h1>
      <p class="muted">{ot('list.intro')}</p>
      <WhenReady ready={offers.ready()}>
        <Show when={own().length > 0}>
          <section class="card" aria-labelledby="offers-mine-h">
            <h2 id="offers-mine-h">{ot('mine.title')}</h2>
            <ul class="link-list offers-mine">
              <For each={own()}>
                {(o) => (
                  <li>
                    <A href={`/offers/${o.id}`}>{o.title}</A>
                    <span class="meta" data-testid="open-links">
                      {' · '}
                      {ot('mine.open', { n: counts()?.[o.id] ?? 0 })}
                      {o.active ? '' : ` · ${ot('inactive')}`}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
        <div class="card filter-grid offers-filter">
          <ChoiceField
            id="offers-type"
            label={ot('filter.type')}
            options={withNone(t('common.all'), vocabOptions(OFFER_TYPES, lang()))}
            selected={type()}
            onChange={setType}
          />
          <ChoiceField
            id="offers-field"
            label={ot('filter.field')}
            options={fieldOptions()}
            selected={field()}
            onChange={setField}
          />
          <Show when={mayRegister()}>
            <label class="offer-check">
              <input
                type="checkbox"
                checked={mine()}
                onChange={(e) => setMine(e.currentTarget.checked)}
              />
              <span>{ot('filter.mine')}</span>
            </label>
          </Show>
          <label class="offer-check">
            <input
              type="checkbox"
              checked={inactive()}
              onChange={(e) => setInactive(e.currentTarget.checked)}
            />
            <span>{ot('filter.inactive')}</span>
          </label>
        </div>
        <CardList each={shown()} empty={ot('list.empty')} itemClass="card offer-card">
          {(o) => <OfferSummary offer={o} link />}
        </CardList>
      </WhenReady>
      <Show when={mayRegister()}>
        <FabLink href="/offers/new" action="offer.create">
          {ot('list.new')}
        </FabLink>
      </Show>
    </section>
  );
}
