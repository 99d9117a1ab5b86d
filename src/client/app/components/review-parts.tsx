// Parts of the cards on the sync page: the inline editor for a conflict's value typed by hand.
import { type JSX, Show, createSignal } from 'solid-js';
import { ct } from '../../i18n/conflicts';

type SyncText = Parameters<typeof ct>[0];

/**
 * The card's buttons in a row (`children`, given `edit(text)`, which opens the editor on that
 * text) or, while editing, a text area (id `${id}-edit`, labelled by the text `label`) with a
 * submit button (text `submit`) and a cancel button.
 */
export function ValueEditor(props: {
  id: string;
  label: SyncText;
  submit: SyncText;
  rows: number;
  onSubmit: (text: string) => void;
  children: (edit: (text: string) => void) => JSX.Element;
}) {
  const [editing, setEditing] = createSignal(false);
  const [draft, setDraft] = createSignal('');
  const edit = (text: string) => {
    setDraft(text);
    setEditing(true);
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    props.onSubmit(draft());
  };
  return (
    <Show
      when={!editing()}
      fallback={
        <form class="stack" onSubmit={submit}>
          <label for={`${props.id}-edit`}>{ct(props.label)}</label>
          <textarea
            id={`${props.id}-edit`}
            rows={props.rows}
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <div class="row">
            <button type="submit" class="btn primary">
              {ct(props.submit)}
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              {ct('common.cancel')}
            </button>
          </div>
        </form>
      }
    >
      <div class="row">{props.children(edit)}</div>
    </Show>
  );
}
