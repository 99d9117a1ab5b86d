// One grey line under a card: who recorded the record and who last changed it when
// ("Erfasst von A · zuletzt geändert von B, 2. Dez. 2026, 10:14"). The names come from the server
// (or from the signed-in user for a row not yet synced), never from what someone typed.
import { Show } from 'solid-js';
import { lang } from '../../i18n';
import { byLineText, editedLineText } from '../../i18n/authors';
import { type WithAuthors, authorsOf } from '../../db/authors';
import '../styles/by-line.css';

export function ByLine(props: {
  row: WithAuthors | null | undefined;
  class?: string;
  /** Only "Zuletzt geändert von …", once someone changed the record after it was created. */
  changesOnly?: boolean;
}) {
  const text = () =>
    (props.changesOnly ? editedLineText : byLineText)(authorsOf(props.row), lang());
  return (
    <Show when={text()}>
      <p class={`meta by-line${props.class ? ` ${props.class}` : ''}`} data-testid="by-line">
        {text()}
      </p>
    </Show>
  );
}
