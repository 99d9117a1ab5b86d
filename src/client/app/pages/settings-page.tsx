// Language, storage status (persistence, usage, quota) and the app version.
import { For, Show, createResource } from 'solid-js';
import type { Lang } from '../../../shared/domain/vocab';
import { lang, setLang, t } from '../../i18n';
import { StorageStatus } from '../../safety/storage-status';
import { BackupPanel } from '../../backup/backup-panel';

const LANGS: { value: Lang; label: string }[] = [{ value: 'de', label: 'Deutsch' }, { value: 'en', label: 'English' }];

function formatBytes(n: number | undefined): string {
  if (n === undefined) return '?';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toLocaleString(lang(), { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

async function storageInfo() {
  const s = navigator.storage;
  const persisted = s?.persisted ? await s.persisted() : undefined;
  const est = s?.estimate ? await s.estimate() : undefined;
  return { persisted, usage: est?.usage, quota: est?.quota };
}

export default function SettingsPage() {
  const [info, { refetch }] = createResource(storageInfo);
  async function ask() {
    await navigator.storage?.persist?.();
    void refetch();
  }
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
      <section class="card" aria-labelledby="storage-h">
        <h2 id="storage-h">{t('settings.storage')}</h2>
        <Show when={info()} fallback={<p>{t('common.loading')}</p>}>
          {(i) => (
            <>
              <p data-testid="persisted">
                {i().persisted === true ? t('settings.persisted') : i().persisted === false ? t('settings.notPersisted') : t('settings.persistUnknown')}
              </p>
              <Show when={i().persisted === false}>
                <p><button type="button" class="btn" onClick={() => void ask()}>{t('settings.persistAsk')}</button></p>
              </Show>
              <p>{t('settings.usage', { used: formatBytes(i().usage), quota: formatBytes(i().quota) })}</p>
            </>
          )}
        </Show>
      </section>
      <StorageStatus />
      <BackupPanel />
      <section class="card" aria-labelledby="version-h">
        <h2 id="version-h">{t('settings.version')}</h2>
        <p>{__APP_VERSION__}</p>
      </section>
    </section>
  );
}
