// Editing a site: every field autosaves.
import { A, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import type { Contact, Site } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { updateSite } from '../../db/mutators';
import { getSite } from '../../db/queries';
import { lang, t } from '../../i18n';
import { SelectField, TextField, vocabOptions } from '../components/fields';
import { useDb } from '../../db/db-context';

export default function SiteEditPage() {
  const db = useDb();
  const params = useParams<{ id: string }>();
  const site = createLiveQuery(
    () => params.id,
    (id) => getSite(db, id),
  );
  const save = (fields: Partial<Site>) => updateSite(db, params.id, fields);
  // Read the stored contact at write time: two contact fields saved in a row must not undo each other.
  const saveContact = async (_s: Site, k: keyof Contact, v: string) => {
    const cur = await getSite(db, params.id);
    if (cur) await save({ contact: { ...cur.contact, [k]: v } });
  };

  return (
    <section class="page narrow">
      <Show when={site.ready()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <Show when={site()} fallback={<p>{t('site.missing')}</p>}>
          {(s) => (
            <>
              <p>
                <A class="tap" href={`/sites/${s().id}`}>
                  ← {s().municipality} – {s().quarter}
                </A>
              </p>
              <h1>{t('site.edit')}</h1>
              <div class="card form">
                <TextField
                  label={t('site.municipality')}
                  saveKey={`site:${s().id}:municipality`}
                  value={s().municipality}
                  onSave={(v) => save({ municipality: v })}
                />
                <TextField
                  label={t('site.quarter')}
                  saveKey={`site:${s().id}:quarter`}
                  value={s().quarter}
                  onSave={(v) => save({ quarter: v })}
                />
                <SelectField
                  label={t('site.phase')}
                  saveKey={`site:${s().id}:phase`}
                  value={s().phase}
                  options={vocabOptions(PHASES, lang())}
                  onSave={(v) => save({ phase: v as Site['phase'] })}
                />
                <TextField
                  label={t('site.yearAdmitted')}
                  type="number"
                  inputmode="numeric"
                  saveKey={`site:${s().id}:year`}
                  value={s().yearAdmitted?.toString() ?? ''}
                  onSave={(v) => save({ yearAdmitted: v.trim() ? Number(v) : null })}
                />
                <fieldset>
                  <legend>{t('site.contact')}</legend>
                  <TextField
                    label={t('site.contactName')}
                    saveKey={`site:${s().id}:c-name`}
                    value={s().contact.name}
                    onSave={(v) => saveContact(s(), 'name', v)}
                  />
                  <TextField
                    label={t('site.contactOrg')}
                    saveKey={`site:${s().id}:c-org`}
                    value={s().contact.organisation}
                    onSave={(v) => saveContact(s(), 'organisation', v)}
                  />
                  <TextField
                    label={t('site.contactEmail')}
                    type="email"
                    saveKey={`site:${s().id}:c-mail`}
                    value={s().contact.email}
                    onSave={(v) => saveContact(s(), 'email', v)}
                  />
                  <TextField
                    label={t('site.contactPhone')}
                    type="tel"
                    saveKey={`site:${s().id}:c-tel`}
                    value={s().contact.phone}
                    onSave={(v) => saveContact(s(), 'phone', v)}
                  />
                </fieldset>
                <TextField
                  label={t('site.notes')}
                  multiline
                  saveKey={`site:${s().id}:notes`}
                  value={s().notes}
                  onSave={(v) => save({ notes: v })}
                />
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
