// The list of programme sites; "+ Neuer Standort" only for those who may create one.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { canEditSite } from '../../../shared/policy';
import { PHASES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { listSites } from '../../db/queries';
import { label, t } from '../../i18n';
import { useDb } from '../../db/db-context';
import { CardList, FabLink, WhenReady } from '../components/page-parts';
import { usePolicy } from '../shell/use-policy';
import { usePageTitle } from '../shell/page-title';

export default function SitesPage() {
  usePageTitle(() => t('sites.title'));
  const db = useDb();
  const sites = createLiveQuery(() => db, listSites);
  const { can } = usePolicy();
  return (
    <section class="page">
      <h1>{t('sites.title')}</h1>
      <WhenReady ready={sites.ready()}>
        <CardList each={sites()} empty={t('sites.empty')}>
          {(s) => (
            <A class="card link-card" href={`/sites/${s.id}`}>
              <strong>
                {s.municipality} – {s.quarter}
              </strong>
              <span class="meta">
                {label(PHASES[s.phase])}
                {s.yearAdmitted ? ` · ${s.yearAdmitted}` : ''}
              </span>
            </A>
          )}
        </CardList>
      </WhenReady>
      <Show when={can(canEditSite)}>
        <FabLink href="/sites/new" action="site.create">
          {t('sites.new')}
        </FabLink>
      </Show>
    </section>
  );
}
