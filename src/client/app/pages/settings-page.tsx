// Language, storage status (persistence, usage and quota: StorageStatus from the storage
// guard), backup, and the app version.
import { For } from 'solid-js';
import type { Lang } from '../../../shared/domain/vocab';
import { lang, setLang, t } from '../../i18n';
import { StorageStatus } from '../../safety/storage-status';
import { BackupPanel } from '../../backup/backup-panel';

const LANGS: { value: Lang; label: string }[] = [{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }];

export default function SettingsPage() {
  return (
    <section class="page narrow">
      <h1>{t('settings.title')}</h1>
      <fieldset class="card">
        <legend>{t('settings.language')}</legend>
        <div class="segmented">
          <For each={LANGS}>{(l) => (
            <label class="seg">
              <input type="radio" name="lang" value={l.value} checked={lang() === l.value} onChange={() => setLang(l.value)} />
              <span>{l.label}</span>
            </label>
          )}</For>
        </div>
      </fieldset>
      <StorageStatus />
      <BackupPanel />
      <section class="card" aria-labelledby="version-h">
        <h2 id="version-h">{t('settings.version')}</h2>
        <p>{__APP_VERSION__}</p>
      </section>
    </section>
  );
}
