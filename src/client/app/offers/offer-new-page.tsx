// Route /offers/new: registers an offer of the signed-in member's organisation (members and
// coordinators: canCreate; a Quartiersmanagement account is told it offers nothing itself), then
// shows its page.
import { A, useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import { canCreate } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { type OfferFields, createOffer, newOfferFields } from '../../db/offer-mutators';
import { ot } from '../../i18n/offers';
import { usePageTitle } from '../shell/page-title';
import { usePolicy } from '../shell/use-policy';
import { OfferForm } from './offer-form';
import './offers.css';

export default function OfferNewPage() {
  usePageTitle(() => ot('form.newTitle'));
  const db = useDb();
  const navigate = useNavigate();
  const { can } = usePolicy();
  const create = async (fields: OfferFields) => {
    const offer = await createOffer(db, fields);
    navigate(`/offers/${offer.id}`, { replace: true });
  };
  return (
    <section class="page narrow">
      <p>
        <A href="/offers">{ot('detail.back')}</A>
      </p>
      <h1>{ot('form.newTitle')}</h1>
      <Show
        when={can((u) => canCreate(u, 'offer', { siteId: null }))}
        fallback={<p data-testid="not-allowed">{ot('form.notAllowed')}</p>}
      >
        <OfferForm
          initial={newOfferFields()}
          name={ot('form.newTitle')}
          submitLabel={ot('form.create')}
          onSubmit={create}
        />
      </Show>
    </section>
  );
}
