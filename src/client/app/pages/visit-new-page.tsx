// Creating a visit: site and date; createVisit adds the four checklists in the same
// transaction. Everything else is edited (with autosave) on the visit page.
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { Show, createEffect, createSignal } from 'solid-js';
import { createVisit } from '../../db/mutators';
import { createLiveQuery } from '../../db/live';
import { listSites } from '../../db/queries';
import { t } from '../../i18n';
import { createSubmit } from '../autosave';
import { useDb } from '../../db/db-context';
import { ChoiceField, FormError, InputField } from '../components/form';
import { siteOptions } from '../site-name';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export default function VisitNewPage() {
  const db = useDb();
  const navigate = useNavigate();
  const [search] = useSearchParams<{ site?: string }>();
  const sites = createLiveQuery(() => db, listSites);
  const [siteId, setSiteId] = createSignal(search.site ?? '');
  const [date, setDate] = createSignal(today());
  createEffect(() => {
    if (!siteId() && sites()?.[0]) setSiteId(sites()![0]!.id);
  });

  const form = createSubmit('visit:new', async () => {
    const visit = await createVisit(db, { siteId: siteId(), date: date() });
    navigate(`/visits/${visit.id}`, { replace: true });
  });

  return (
    <section class="page narrow">
      <h1>{t('visits.new')}</h1>
      <Show when={sites.ready() && (sites() ?? []).length === 0}>
        <p>
          {t('visits.needSite')}{' '}
          <A class="tap" href="/sites/new">
            {t('sites.new')}
          </A>
        </p>
      </Show>
      <form class="card form" onSubmit={form.submit} novalidate>
        <ChoiceField
          id="v-site"
          label={t('visit.site')}
          options={siteOptions(sites())}
          selected={siteId()}
          onChange={setSiteId}
        />
        <InputField
          id="v-date"
          label={t('visit.date')}
          type="date"
          required
          value={date()}
          onInput={setDate}
        />
        <FormError error={form.error()} />
        <div class="actions">
          <button type="submit" class="btn primary" disabled={!siteId()}>
            {t('visit.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
