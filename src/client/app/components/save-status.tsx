// The one place that tells whether edits are on the device: a polite live region.
import { Match, Switch } from 'solid-js';
import { t } from '../../i18n';
import { saveState } from '../autosave';
import { errorMessage } from '../error-message';

export function SaveStatus() {
  return (
    <p class="save-status" role="status" aria-live="polite" data-state={saveState().kind}>
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
