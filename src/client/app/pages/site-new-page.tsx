// Creating a site: municipality and quarter are required, the rest can follow on the
// edit page (which autosaves). The record exists only after "Standort anlegen".
import { useNavigate } from '@solidjs/router';
import { For, Show, createSignal } from 'solid-js';
import type { Phase } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { createSite } from '../../db/mutators';
import { label, t } from '../../i18n';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';

export default function SiteNewPage() {
  const db = useDb();
  const navigate = useNavigate();
  const [municipality, setMunicipality] = createSignal('');
  const [quarter, setQuarter] = createSignal('');
  const [phase, setPhase] = createSignal<Phase>('isek');
  const [year, setYear] = createSignal('');
  const [contactName, setContactName] = createSignal('');
  const [error, setError] = createSignal<unknown>();

  async function submit(e: Event) {
    e.preventDefault();
    await saveNow(
      'site:new',
      async () => {
        const site = await createSite(db, {
          municipality: municipality(),
          quarter: quarter(),
          phase: phase(),
          yearAdmitted: year().trim() ? Number(year()) : null,
          contact: { name: contactName(), organisation: '', email: '', phone: '' },
        });
        navigate(`/sites/${site.id}`, { replace: true });
      },
      setError,
    );
  }

  return (
    <section class="page narrow">
      <h1>{t('sites.new')}</h1>
      <form class="card form" onSubmit={(e) => void submit(e)} novalidate>
        <div class="field">
          <label for="s-mun">{t('site.municipality')}</label>
          <input
            id="s-mun"
            required
            value={municipality()}
            onInput={(e) => setMunicipality(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="s-q">{t('site.quarter')}</label>
          <input
            id="s-q"
            required
            value={quarter()}
            onInput={(e) => setQuarter(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="s-ph">{t('site.phase')}</label>
          <select id="s-ph" onChange={(e) => setPhase(e.currentTarget.value as Phase)}>
            <For each={Object.entries(PHASES)}>
              {([k, l]) => (
                <option value={k} selected={k === phase()}>
                  {label(l)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="s-y">{t('site.yearAdmitted')}</label>
          <input
            id="s-y"
            type="number"
            inputmode="numeric"
            min="1990"
            max="2100"
            value={year()}
            onInput={(e) => setYear(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="s-c">
            {t('site.contact')}: {t('site.contactName')}
          </label>
          <input
            id="s-c"
            value={contactName()}
            onInput={(e) => setContactName(e.currentTarget.value)}
          />
        </div>
        <Show when={error()}>
          <p class="field-error" role="alert">
            {errorMessage(error())}
          </p>
        </Show>
        <div class="actions">
          <button type="submit" class="btn primary">
            {t('site.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
