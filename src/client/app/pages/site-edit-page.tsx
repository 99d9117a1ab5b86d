// Editing a site: every field autosaves.
import { A } from '@solidjs/router';
import { For } from 'solid-js';
import type { Contact, Site } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { updateSite } from '../../db/mutators';
import { getSite } from '../../db/queries';
import { t } from '../../i18n';
import { SelectField, TextField, autosaved } from '../components/fields';
import { RecordGate } from '../components/page-parts';
import { useRouteRecord } from '../route-query';
import { siteName } from '../site-name';
import { usePageTitle } from '../shell/page-title';
import { recordTitle } from '../shell/record-title';
import { tt } from '../../i18n/titles';

/** The contact's fields: which, its label, the end of its save key, and the input type. */
const CONTACT_FIELDS = [
  ['name', 'site.contactName', 'c-name', 'text'],
  ['organisation', 'site.contactOrg', 'c-org', 'text'],
  ['email', 'site.contactEmail', 'c-mail', 'email'],
  ['phone', 'site.contactPhone', 'c-tel', 'tel'],
] as const;

export default function SiteEditPage() {
  const { db, params, byId } = useRouteRecord();
  const site = byId(getSite);
  usePageTitle(() => recordTitle(site, 'site', (s) => tt('title.siteEdit', { site: siteName(s) })));
  const save = (fields: Partial<Site>) => updateSite(db, params.id, fields);
  // Read the stored contact at write time: two contact fields saved in a row must not undo each other.
  const saveContact = async (k: keyof Contact, v: string) => {
    const cur = await getSite(db, params.id);
    if (cur) await save({ contact: { ...cur.contact, [k]: v } });
  };

  return (
    <section class="page narrow">
      <RecordGate query={site} missing={<p>{t('site.missing')}</p>}>
        {(s) => {
          const { key, bind } = autosaved('site', s, save);
          return (
            <>
              <p>
                <A class="tap" href={`/sites/${s().id}`}>
                  ← {siteName(s())}
                </A>
              </p>
              <h1>{t('site.edit')}</h1>
              <div class="card form">
                <TextField label={t('site.municipality')} {...bind('municipality')} />
                <TextField label={t('site.quarter')} {...bind('quarter')} />
                <SelectField label={t('site.phase')} vocab={PHASES} {...bind('phase')} />
                <TextField
                  label={t('site.yearAdmitted')}
                  type="number"
                  inputmode="numeric"
                  {...bind('yearAdmitted', (v) => (v.trim() ? Number(v) : null))}
                />
                <fieldset>
                  <legend>{t('site.contact')}</legend>
                  <For each={CONTACT_FIELDS}>
                    {([k, text, keySuffix, type]) => (
                      <TextField
                        label={t(text)}
                        type={type}
                        saveKey={key(keySuffix)}
                        value={s().contact[k]}
                        onSave={(v) => saveContact(k, v)}
                      />
                    )}
                  </For>
                </fieldset>
                <TextField label={t('site.notes')} multiline {...bind('notes')} />
              </div>
            </>
          );
        }}
      </RecordGate>
    </section>
  );
}
