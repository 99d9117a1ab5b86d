// One site: its details, every visit, and the open follow-ups of all its visits
// (the briefing to read before the next visit; available offline like everything else).
import { A, useParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import {
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  OFFER_TYPES,
  PHASES,
} from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { getSite, openFollowUpsOfSite, visitsOfSite } from '../../db/queries';
import { label, t } from '../../i18n';
import { useDb } from '../../db/db-context';
import { VisitCard } from '../visit/visit-card';

export default function SitePage() {
  const db = useDb();
  const params = useParams<{ id: string }>();
  const site = createLiveQuery(
    () => params.id,
    (id) => getSite(db, id),
  );
  const visits = createLiveQuery(
    () => params.id,
    (id) => visitsOfSite(db, id),
  );
  const open = createLiveQuery(
    () => params.id,
    (id) => openFollowUpsOfSite(db, id),
  );

  return (
    <section class="page">
      <Show when={site.ready()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <Show when={site()} fallback={<p>{t('site.missing')}</p>}>
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
                  {[
                    s().contact.name,
                    s().contact.organisation,
                    s().contact.email,
                    s().contact.phone,
                  ]
                    .filter(Boolean)
                    .join(' · ') || t('common.none')}
                </dd>
              </dl>
              <p class="row">
                <A class="btn" href={`/sites/${s().id}/edit`}>
                  {t('site.edit')}
                </A>
              </p>

              <section aria-labelledby="briefing-h">
                <h2 id="briefing-h">{t('site.briefing')}</h2>
                <Show
                  when={(open() ?? []).length > 0}
                  fallback={<p class="empty">{t('site.noOpen')}</p>}
                >
                  <ul class="cards">
                    <For each={open()}>
                      {(f) => (
                        <li class="card">
                          <strong>{f.description}</strong>
                          <span class="meta">
                            {label(FOLLOW_UP_KINDS[f.kind])} · {label(OFFER_TYPES[f.offerType])} ·{' '}
                            {label(FOLLOW_UP_STATUSES[f.status])}
                            {f.fieldId ? ` · ${label(actionField(f.fieldId)!)}` : ''}
                            {f.owner ? ` · ${f.owner}` : ''}
                            {f.dueDate ? ` · ${f.dueDate}` : ''}
                          </span>
                          <A href={`/visits/${f.visitId}`} class="small tap">
                            {t('visit.details')} →
                          </A>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>

              <section aria-labelledby="visits-h">
                <h2 id="visits-h">{t('site.visits')}</h2>
                <Show
                  when={(visits() ?? []).length > 0}
                  fallback={<p class="empty">{t('site.noVisits')}</p>}
                >
                  <ul class="cards">
                    <For each={visits()}>
                      {(v) => (
                        <li>
                          <VisitCard visit={v} site={s()} />
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
              <div class="fab-bar">
                <A class="btn primary fab" href={`/visits/new?site=${s().id}`}>
                  + {t('site.newVisit')}
                </A>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
