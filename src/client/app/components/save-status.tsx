// The one place that tells whether edits are on the device: the line in the header, and what
// the live regions say (shell/live-regions.tsx). Every keystroke flips the line between "saving"
// and "saved"; a screen reader hears "saved" only once the writes have been quiet for
// SAVED_QUIET_MS, and not again within SAVED_REPEAT_MS (the line still shows every save). A
// failed write is said at once, as an alert.
import { Match, Switch, createEffect, on, onCleanup } from 'solid-js';
import { t } from '../../i18n';
import { saveState } from '../autosave';
import { errorMessage } from '../error-message';
import { announce } from '../shell/live-regions';

const SAVED_QUIET_MS = 1_000;
const SAVED_REPEAT_MS = 15_000;

function createSaveAnnouncer() {
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let saidAt = -Infinity;
  createEffect(
    on(saveState, (s) => {
      clearTimeout(quiet);
      if (s.kind === 'error') {
        saidAt = -Infinity;
        announce(t('save.error', { msg: errorMessage(s.error) }), true);
      } else if (s.kind === 'saved')
        quiet = setTimeout(() => {
          if (Date.now() - saidAt < SAVED_REPEAT_MS) return;
          saidAt = Date.now();
          announce(t('save.saved'));
        }, SAVED_QUIET_MS);
    }),
  );
  onCleanup(() => clearTimeout(quiet));
}

export function SaveStatus() {
  createSaveAnnouncer();
  return (
    <p class="save-status" data-state={saveState().kind}>
      <Switch>
        <Match when={saveState().kind === 'saving'}>{t('save.saving')}</Match>
        <Match when={saveState().kind === 'saved'}>
          <span aria-hidden="true">✓ </span>
          {t('save.saved')}
        </Match>
        <Match when={saveState().kind === 'error'}>
          {t('save.error', { msg: errorMessage((saveState() as { error: unknown }).error) })}
        </Match>
      </Switch>
    </p>
  );
}
