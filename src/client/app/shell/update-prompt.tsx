// The PWA update prompt. Registering the service worker lives here too (prompt mode):
// a new version waits until the user says so, and pending autosaves are flushed first
// so that no typed input is lost by the reload.
import { Show, createEffect, onCleanup } from 'solid-js';
import { useRegisterSW } from 'virtual:pwa-register/solid';
import { t } from '../../i18n';
import { flushSaves } from '../autosave';
import { barHeight } from './bars';

export default function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({ immediate: true });

  // "Works offline now" is news, not a question: it goes away on its own.
  createEffect(() => {
    if (!offlineReady()) return;
    const timer = setTimeout(() => setOfflineReady(false), 5000);
    onCleanup(() => clearTimeout(timer));
  });

  async function update() {
    await flushSaves();
    await updateServiceWorker(true);
  }

  return (
    <Show when={needRefresh() || offlineReady()}>
      <div
        class="toast"
        role="alertdialog"
        aria-labelledby="update-text"
        ref={barHeight('update-h')}
      >
        <p id="update-text">{needRefresh() ? t('update.available') : t('update.offlineReady')}</p>
        <div class="row">
          <Show when={needRefresh()}>
            <button type="button" class="btn primary" onClick={() => void update()}>
              {t('update.reload')}
            </button>
            <button type="button" class="btn" onClick={() => setNeedRefresh(false)}>
              {t('update.later')}
            </button>
          </Show>
          <Show when={!needRefresh()}>
            <button type="button" class="btn" onClick={() => setOfflineReady(false)}>
              {t('update.close')}
            </button>
          </Show>
        </div>
      </div>
    </Show>
  );
}
