// Creating a site: municipality and quarter are required, the rest can follow on the
// edit page (which autosaves). The record exists only after "Standort anlegen".
import { useNavigate } from '@solidjs/router';
import type { Phase } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { createSite } from '../../db/mutators';
import { lang, t } from '../../i18n';
import { createSubmit } from '../autosave';
import { useDb } from '../../db/db-context';
import { ChoiceField, FormError, createForm, InputField, vocabOptions } from '../components/form';
import { usePageTitle } from '../shell/page-title';

export default function SiteNewPage() {
  usePageTitle(() => t('sites.new'));
  const db = useDb();
  const navigate = useNavigate();
  const form = createForm({
    municipality: '',
    quarter: '',
    phase: 'isek' as Phase,
    year: '',
    contactName: '',
  });
  const create = createSubmit('site:new', async () => {
    const { municipality, quarter, phase, year, contactName } = form.values();
    const site = await createSite(db, {
      municipality,
      quarter,
      phase,
      yearAdmitted: year.trim() ? Number(year) : null,
      contact: { name: contactName, organisation: '', email: '', phone: '' },
    });
    navigate(`/sites/${site.id}`, { replace: true });
  });

  return (
    <section class="page narrow">
      <h1>{t('sites.new')}</h1>
      <form class="card form" onSubmit={create.submit} novalidate>
        <InputField
          id="s-mun"
          label={t('site.municipality')}
          required
          {...form.text('municipality')}
        />
        <InputField id="s-q" label={t('site.quarter')} required {...form.text('quarter')} />
        <ChoiceField
          id="s-ph"
          label={t('site.phase')}
          options={vocabOptions(PHASES, lang())}
          selected={form.values().phase}
          onChange={(v) => form.set({ phase: v as Phase })}
        />
        <InputField
          id="s-y"
          label={t('site.yearAdmitted')}
          type="number"
          inputmode="numeric"
          min="1990"
          max="2100"
          {...form.text('year')}
        />
        <InputField
          id="s-c"
          label={`${t('site.contact')}: ${t('site.contactName')}`}
          {...form.text('contactName')}
        />
        <FormError error={create.error()} />
        <div class="actions">
          <button type="submit" class="btn primary">
            {t('site.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
