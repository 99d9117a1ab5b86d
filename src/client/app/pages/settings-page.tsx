// Language, storage status (persistence, usage and quota: StorageStatus from the storage
// guard), backup, and the app version.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Lang } from '../../../shared/domain/vocab';
import { lang, setLang, t } from '../../i18n';
import { ot } from '../../i18n/offers';
import { StorageStatus } from '../components/storage-status';
import { BackupPanel } from '../components/backup-panel';
import {
  canEditTemplates,
  canManageUsers,
  canSeeActivity,
  canSeeOverview,
} from '../../../shared/policy';
import { usePolicy } from '../shell/use-policy';
import { usePageTitle } from '../shell/page-title';

const LANGS: { value: Lang; label: string }[] = [
  { value: 'de', label: 'Deutsch' },
  { value: 'en', label: 'English' },
];

export default function SettingsPage() {
  usePageTitle(() => t('settings.title'));
  const { can } = usePolicy();
  return (
    <section class="page narrow">
      <h1>{t('settings.title')}</h1>
      <fieldset class="card">
        <legend>{t('settings.language')}</legend>
        <div class="segmented">
          <For each={LANGS}>
            {(l) => (
              <label class="seg">
                <input
                  type="radio"
                  name="lang"
                  value={l.value}
                  checked={lang() === l.value}
                  onChange={() => setLang(l.value)}
                />
                <span>{l.label}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <nav class="card" aria-labelledby="account-h">
        <h2 id="account-h">{t('settings.account')}</h2>
        <ul class="link-list">
          <li>
            <A href="/account">{t('settings.accountLink')}</A>
          </li>
          <li>
            <A href="/offers">{ot('list.title')}</A>
          </li>
          <Show when={can(canSeeOverview)}>
            <li>
              <A href="/overview">{t('settings.overviewLink')}</A>
            </li>
          </Show>
          <Show when={can(canSeeActivity)}>
            <li>
              <A href="/activity">{t('settings.activityLink')}</A>
            </li>
          </Show>
          <Show when={can(canEditTemplates)}>
            <li>
              <A href="/templates">{t('settings.templatesLink')}</A>
            </li>
          </Show>
          <Show when={can(canManageUsers)}>
            <li>
              <A href="/users">{t('settings.usersLink')}</A>
            </li>
          </Show>
        </ul>
      </nav>
      <StorageStatus />
      <BackupPanel />
      <section class="card" aria-labelledby="version-h">
        <h2 id="version-h">{t('settings.version')}</h2>
        <p>{__APP_VERSION__}</p>
      </section>
    </section>
  );
}
