// Settings section: is storage persistent (and when we asked), how full it is, and the
// 80 %/95 % warnings. Mount on the Settings page: <StorageStatus />.
import { Show, createResource, onCleanup } from 'solid-js';
import { useDb } from '../../db/db-context';
import { lang } from '../../i18n';
import { dt } from '../../i18n/device';
import { askPersistNow, persistRecord } from '../../device/persist';
import { storagePressure } from '../../device/storage';
import { formatBytes, formatDateTime } from '../../i18n/format';
import '../styles/safety.css';
import { latestOf } from '../latest';

async function readStatus(db: ReturnType<typeof useDb>) {
  const s = globalThis.navigator?.storage;
  const persisted = s?.persisted ? await s.persisted().catch(() => undefined) : undefined;
  return {
    persisted,
    pressure: await storagePressure(),
    asked: await persistRecord(db).catch(() => null),
  };
}

export function StorageStatus() {
  const db = useDb();
  const [status, { refetch }] = createResource(() => readStatus(db));
  const timer = setInterval(() => void refetch(), 30_000);
  onCleanup(() => clearInterval(timer));
  const pct = () => Math.round((latestOf(status)?.pressure.ratio ?? 0) * 100);

  async function ask() {
    await askPersistNow(db);
    void refetch();
  }

  return (
    <section class="card" aria-labelledby="storage-status-h" data-testid="storage-status">
      <h2 id="storage-status-h">{dt('storage.title')}</h2>
      <Show when={latestOf(status)}>
        {(s) => (
          <>
            <p data-testid="persist-state">
              {s().persisted === true
                ? dt('storage.persisted')
                : s().persisted === false
                  ? dt('storage.notPersisted')
                  : dt('storage.unknown')}
            </p>
            <Show when={s().asked}>
              {(a) => (
                <p class="muted">
                  {dt('storage.askedAt', {
                    at: formatDateTime(a().at, lang()),
                    result: a().granted ? dt('storage.granted') : dt('storage.denied'),
                  })}
                </p>
              )}
            </Show>
            <Show when={s().persisted === false}>
              <p>
                <button type="button" class="btn" onClick={() => void ask()}>
                  {dt('storage.ask')}
                </button>
              </p>
            </Show>
            <Show when={s().pressure.quota > 0} fallback={<p>{dt('storage.usageUnknown')}</p>}>
              <p data-testid="storage-usage">
                {dt('storage.usage', {
                  used: formatBytes(s().pressure.usage, lang()),
                  quota: formatBytes(s().pressure.quota, lang()),
                  pct: pct(),
                })}
              </p>
              <progress class="meter" max="100" value={pct()} aria-hidden="true" />
            </Show>
            <Show when={s().pressure.level !== 'ok'}>
              <p class={`banner ${s().pressure.level === 'full' ? 'error' : 'warn'}`} role="status">
                {dt(s().pressure.level === 'full' ? 'storage.full' : 'storage.warn', {
                  pct: pct(),
                })}
              </p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
