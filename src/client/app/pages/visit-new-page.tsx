// Creating a visit: site, date and its checklists (the default templates ticked); createVisit
// adds their items in the same transaction. Everything else is edited (with autosave) on the visit page. The site choice
// holds only the sites where the policy lets this account start a visit (a Quartiersmanagement
// account: its own site).
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { Match, Show, Switch, createEffect, createMemo, createSignal } from 'solid-js';
import { canEditSite, visitSites } from '../../../shared/policy';
import { createVisit } from '../../db/mutators';
import { createLiveQuery } from '../../db/live';
import { localDay } from '../../db/local-day';
import { listSites } from '../../db/queries';
import { t } from '../../i18n';
import { createSubmit } from '../autosave';
import { useDb } from '../../db/db-context';
import { ChoiceField, FormError, InputField } from '../components/form';
import { siteOptions } from '../site-name';
import { usePolicy } from '../shell/use-policy';
import { pt } from '../../i18n/policy';
import { usePageTitle } from '../shell/page-title';
import { createTemplateChoice } from '../visit/template-choice';

export default function VisitNewPage() {
  usePageTitle(() => t('visits.new'));
  const db = useDb();
  const navigate = useNavigate();
  const [search] = useSearchParams<{ site?: string }>();
  const { user, can } = usePolicy();
  const all = createLiveQuery(() => db, listSites);
  const sites = createMemo(() => {
    const u = user();
    return u ? visitSites(u, all() ?? []) : [];
  });
  const allowed = (id: string) => sites().some((s) => s.id === id);
  const [siteId, setSiteId] = createSignal('');
  const [date, setDate] = createSignal(localDay());
  // The asked-for site when allowed, else the first allowed one (never a site the server refuses).
  createEffect(() => {
    if (siteId() && allowed(siteId())) return;
    const asked = search.site ?? '';
    setSiteId(allowed(asked) ? asked : (sites()[0]?.id ?? ''));
  });
  const refusedAsk = () =>
    all.ready() && !!search.site && (all() ?? []).length > 0 && !allowed(search.site);

  const choice = createTemplateChoice();
  const form = createSubmit('visit:new', async () => {
    const visit = await createVisit(db, { siteId: siteId(), date: date() }, choice.chosen());
    navigate(`/visits/${visit.id}`, { replace: true });
  });

  return (
    <section class="page narrow">
      <h1>{t('visits.new')}</h1>
      <Show when={all.ready() && sites().length === 0}>
        <Switch>
          <Match when={can(canEditSite)}>
            <p>
              {t('visits.needSite')}{' '}
              <A class="tap" href="/sites/new" data-action="site.create">
                {t('sites.new')}
              </A>
            </p>
          </Match>
          <Match when={user()?.role === 'quartiersmanagement' && !user()?.siteId}>
            <p role="alert">{pt('visits.noSiteBound')}</p>
          </Match>
          <Match when>
            <p>{pt('visits.noSiteYet')}</p>
          </Match>
        </Switch>
      </Show>
      <Show when={refusedAsk()}>
        <p role="alert">{pt('visits.siteNotAllowed')}</p>
      </Show>
      <Show when={choice.ready()}>
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
          {choice.view()}
          <FormError error={form.error()} />
          <div class="actions">
            <button
              type="submit"
              class="btn primary"
              disabled={!siteId()}
              data-action="visit.create"
            >
              {t('visit.create')}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
