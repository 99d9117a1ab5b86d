// A value in a history entry as people read it (the activity log's words: vocabularies, dates,
// "(leer)"), long values shortened with a button that shows all of it.
import { Show, createSignal } from 'solid-js';
import { lang } from '../../i18n';
import { ht } from '../../i18n/history';
import { valueWords } from '../activity/activity-words';

const SHORT = 160;

export function HistoryValue(props: { value: unknown; entity: string; field: string | null }) {
  const [all, setAll] = createSignal(false);
  const full = () =>
    typeof props.value === 'string' && props.value.length > SHORT
      ? props.value
      : valueWords({ value: props.value, truncated: false }, props.entity, props.field, lang());
  const long = () => full().length > SHORT;
  const shown = () => (long() && !all() ? `${full().slice(0, SHORT).trimEnd()} …` : full());
  return (
    <>
      <span class="history-value">{shown()}</span>
      <Show when={long()}>
        {' '}
        <button type="button" class="btn history-more" onClick={() => setAll(!all())}>
          {all() ? ht('showLess') : ht('showAll')}
        </button>
      </Show>
    </>
  );
}
