// One site: its details, every visit, and the open follow-ups of all its visits
// (the briefing to read before the next visit; available offline like everything else).
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import {
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  OFFER_TYPES,
  PHASES,
} from '../../../shared/domain/vocab';
import { getSite, openFollowUpsOfSite, visitsOfSite } from '../../db/queries';
import { label, lang, t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { CardList, FabLink, RecordGate } from '../components/page-parts';
import { useRouteRecord } from '../route-query';
import { usePolicy } from '../shell/use-policy';
import { canCreate, canEditSite } from '../../../shared/policy';
import { VisitCard } from '../visit/visit-card';

export default function SitePage() {
  const { byId } = useRouteRecord();
  const site = byId(getSite);
  const visits = byId(visitsOfSite);
  const open = byId(openFollowUpsOfSite);
  const { can } = usePolicy();

  return (
    <section class="page">
      <RecordGate query={site} missing={<p>{t('site.missing')}</p>}>
        {(s) => (
          <>
            <h1>
              {s().municipality} – {s().quarter}
            </h1>
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
            <Show when={can(canEditSite)}>
              <p class="row">
                <A class="btn" href={`/sites/${s().id}/edit`} data-action="site.edit">
                  {t('site.edit')}
                </A>
              </p>
            </Show>

            <section aria-labelledby="briefing-h">
              <h2 id="briefing-h">{t('site.briefing')}</h2>
              <CardList each={open()} empty={t('site.noOpen')} itemClass="card">
                {(f) => (
                  <>
                    <strong>{f.description}</strong>
                    <span class="meta">
                      {label(FOLLOW_UP_KINDS[f.kind])} · {label(OFFER_TYPES[f.offerType])} ·{' '}
                      {label(FOLLOW_UP_STATUSES[f.status])}
                      {f.fieldId ? ` · ${label(actionField(f.fieldId)!)}` : ''}
                      {f.owner ? ` · ${f.owner}` : ''}
                      {f.dueDate ? ` · ${formatDate(f.dueDate, lang())}` : ''}
                    </span>
                    <A href={`/visits/${f.visitId}`} class="small tap">
                      {t('visit.details')} →
                    </A>
                  </>
                )}
              </CardList>
            </section>

            <section aria-labelledby="visits-h">
              <h2 id="visits-h">{t('site.visits')}</h2>
              <CardList each={visits()} empty={t('site.noVisits')}>
                {(v) => <VisitCard visit={v} site={s()} />}
              </CardList>
            </section>
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
