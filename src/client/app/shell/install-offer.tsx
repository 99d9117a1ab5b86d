// The install offer (Chromium's beforeinstallprompt, kept by device/install-prompt.ts) in the
// slot below the page (layout.tsx), on the visits list only: the app's start page, whose content
// comes in one piece. (Below a visit page, whose cards keep coming in idle chunks, it would be
// pushed down while someone reads it, and it would interrupt the capture.) It is part of the
// first screen: it shows in the same frame as the list's content, so it neither shifts the page
// nor pops in a moment later as the screen's last and largest paint. "Nicht jetzt" hides it on
// this device until a month and three more visits have passed (installHintDue): the device's
// visit count, read while the browser offers installation and once the app has the database
// (the visits list's first screen paints before Dexie has loaded).
import { useLocation } from '@solidjs/router';
import { Show, createSignal } from 'solid-js';
import { t } from '../../i18n';
import { browserMode } from '../../device/browser-mode';
import {
  canInstall,
  dismissInstallHint,
  installHintDue,
  promptInstall,
  readInstallHint,
} from '../../device/install-prompt';
import { firstScreenShown } from './first-screen';
import { useDbKit } from './kit-context';
import { isListPath } from '../list-path';

/** The visits on this device while `needed()`; undefined before the app has the database. */
function useVisitCount(needed: () => boolean): () => number | undefined {
  const kit = useDbKit();
  if (!kit) return () => undefined;
  const db = kit.useDb();
  return kit.createLiveQuery(
    () => (needed() ? db : null),
    (d) => (d ? d.visits.where('_deleted').equals(0).count() : Promise.resolve(undefined)),
  );
}

export function InstallOffer() {
  const mode = browserMode();
  const location = useLocation();
  const [hint, setHint] = createSignal(readInstallHint());
  const now = Date.now();
  // Where the offer can show at all; the count (for "Nicht jetzt") only then.
  const offered = () => !mode.standalone && !mode.purgeRisk && canInstall();
  const visits = useVisitCount(offered);
  const due = () => {
    const memory = hint();
    if (!memory) return true;
    const n = visits();
    return n !== undefined && installHintDue(memory, n, now);
  };
  const dismiss = () => {
    const memory = { dismissedAt: Date.now(), visits: visits() ?? 0 };
    setHint(memory);
    dismissInstallHint(memory.visits, memory.dismissedAt);
  };
  return (
    <Show when={offered() && isListPath(location.pathname) && firstScreenShown() && due()}>
      <div
        class="banner install-offer"
        role="region"
        aria-label={t('install.button')}
        data-testid="install"
      >
        <p>{t('install.hint')}</p>
        <div class="row">
          <button type="button" class="btn primary" onClick={() => void promptInstall()}>
            {t('install.button')}
          </button>
          <button type="button" class="btn" onClick={dismiss}>
            {t('install.dismiss')}
          </button>
        </div>
      </div>
    </Show>
  );
}
