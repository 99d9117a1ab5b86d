// One site: its details, the briefing to read before the next visit (the last visits' findings
// per theme and action field, their photos, open follow-ups, what changed since the previous
// visit: site/site-briefing.tsx) and every visit; all from this device, so it works offline.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { PHASES } from '../../../shared/domain/vocab';
import { siteBriefing } from '../../db/briefing-queries';
import { getSite, visitsOfSite } from '../../db/queries';
import { label, t } from '../../i18n';
import { ByLine } from '../components/by-line';
import { RecordHistory } from '../history/record-history';
import { CardList, FabLink, RecordGate } from '../components/page-parts';
import { PrepareOffline } from '../components/prepare-offline';
import { useRouteRecord } from '../route-query';
import { usePolicy } from '../shell/use-policy';
import { canCreate, canEditSite } from '../../../shared/policy';
import { SiteBriefingView } from '../site/site-briefing';
import { SiteCourseView } from '../site/site-course';
import { SiteSponsorships } from '../offers/site-sponsorships';
import { VisitCard } from '../visit/visit-card';
import { usePageTitle } from '../shell/page-title';
import { recordTitle } from '../shell/record-title';
import { tt } from '../../i18n/titles';
import { siteName } from '../site-name';
import { needsHref } from '../../db/needs-filter';
import { nt } from '../../i18n/needs';

export default function SitePage() {
  const { byId } = useRouteRecord();
  const site = byId(getSite);
  usePageTitle(() => recordTitle(site, 'site', (s) => tt('title.site', { site: siteName(s) })));
  const visits = byId(visitsOfSite);
  const briefing = byId(siteBriefing);
  const { can } = usePolicy();

  return (
    <section class="page">
      <RecordGate query={site} missing={<p>{t('site.missing')}</p>}>
        {(s) => (
          <>
            <h1>
              {s().municipality} – {s().quarter}
            </h1>
            <ByLine row={s()} />
            <dl class="facts card">
              <dt>{t('site.phase')}</dt>
              <dd>{label(PHASES[s().phase])}</dd>
              <dt>{t('site.yearAdmitted')}</dt>
              <dd>{s().yearAdmitted ?? t('common.none')}</dd>
              <dt>{t('site.contact')}</dt>
              <dd>
                {[s().contact.name, s().contact.organisation, s().contact.email, s().contact.phone]
                  .filter(Boolean)
                  .join(' · ') || t('common.none')}
              </dd>
            </dl>
            <RecordHistory entity="site" id={s().id} />
            <p class="row">
              <A class="btn" href={needsHref({ siteId: s().id })} data-action="site.needs">
                {nt('siteNeeds')}
              </A>
            </p>
            <Show when={can(canEditSite)}>
              <p class="row">
                <A class="btn" href={`/sites/${s().id}/edit`} data-action="site.edit">
                  {t('site.edit')}
                </A>
              </p>
            </Show>

            <PrepareOffline siteId={s().id} />
            {/* Briefing and visits appear together once both answered (no section pushes another). */}
            <Show when={briefing.ready() && visits.ready()}>
              <Show when={briefing()}>{(b) => <SiteBriefingView briefing={b()} />}</Show>
              <section aria-labelledby="visits-h">
                <h2 id="visits-h">{t('site.visits')}</h2>
                <CardList each={visits()} empty={t('site.noVisits')}>
                  {(v) => <VisitCard visit={v} site={s()} />}
                </CardList>
              </section>
              <SiteCourseView siteId={s().id} />
              <SiteSponsorships siteId={s().id} />
            </Show>
            <Show when={can((u) => canCreate(u, 'visit', { siteId: s().id }))}>
              <FabLink href={`/visits/new?site=${s().id}`} action="visit.create">
                {t('site.newVisit')}
              </FabLink>
            </Show>
          </>
        )}
      </RecordGate>
    </section>
  );
}
