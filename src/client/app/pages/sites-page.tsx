// The list of programme sites.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { PHASES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { listSites } from '../../db/queries';
import { label, t } from '../../i18n';
import { useDb } from '../../db/db-context';

export default function SitesPage() {
  const db = useDb();
  const sites = createLiveQuery(() => db, listSites);
  return (
    <section class="page">
      <h1>{t('sites.title')}</h1>
      <Show when={sites.ready()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <Show when={(sites() ?? []).length > 0} fallback={<p class="empty">{t('sites.empty')}</p>}>
          <ul class="cards">
            <For each={sites()}>
              {(s) => (
                <li>
                  <A class="card link-card" href={`/sites/${s.id}`}>
                    <strong>
                      {s.municipality} – {s.quarter}
                    </strong>
                    <span class="meta">
                      {label(PHASES[s.phase])}
                      {s.yearAdmitted ? ` · ${s.yearAdmitted}` : ''}
                    </span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <div class="fab-bar">
        <A class="btn primary fab" href="/sites/new">
          + {t('sites.new')}
        </A>
      </div>
    </section>
  );
}
