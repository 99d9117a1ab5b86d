// Creating a site: municipality and quarter are required, the rest can follow on the
// edit page (which autosaves). The record exists only after "Standort anlegen".
import { useNavigate } from '@solidjs/router';
import { createSignal } from 'solid-js';
import type { Phase } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { createSite } from '../../db/mutators';
import { lang, t } from '../../i18n';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { ChoiceField, FormError, InputField, vocabOptions } from '../components/form';

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
        <InputField
          id="s-mun"
          label={t('site.municipality')}
          required
          value={municipality()}
          onInput={setMunicipality}
        />
        <InputField
          id="s-q"
          label={t('site.quarter')}
          required
          value={quarter()}
          onInput={setQuarter}
        />
        <ChoiceField
          id="s-ph"
          label={t('site.phase')}
          options={vocabOptions(PHASES, lang())}
          selected={phase()}
          onChange={(v) => setPhase(v as Phase)}
        />
        <InputField
          id="s-y"
          label={t('site.yearAdmitted')}
          type="number"
          inputmode="numeric"
          min="1990"
          max="2100"
          value={year()}
          onInput={setYear}
        />
        <InputField
          id="s-c"
          label={`${t('site.contact')}: ${t('site.contactName')}`}
          value={contactName()}
          onInput={setContactName}
        />
        <FormError error={error()} />
        <div class="actions">
          <button type="submit" class="btn primary">
            {t('site.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
