// Parts of the cards on the sync page (conflicts and refused changes): the link to the visit
// concerned and the inline editor for a value typed by hand.
import { A } from '@solidjs/router';
import { type JSX, Show, createSignal } from 'solid-js';
import { lang } from '../../i18n';
import { yt } from '../../i18n/sync';
import { entityLabel } from './value-view';

/** A link to the visit, when the record belongs to one. */
export function VisitLink(props: { visitId: string | null | undefined }) {
  return (
    <Show when={props.visitId}>
      <A href={`/visits/${props.visitId}`}>{entityLabel('visit', lang())}</A>
    </Show>
  );
}

/**
 * The card's buttons (`children`, given `edit(text)`, which opens the editor on that text) or,
 * while editing, a labelled text area (id `${id}-edit`) with a submit and a cancel button.
 */
export function ValueEditor(props: {
  id: string;
  label: string;
  rows: number;
  submitLabel: string;
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
          <label for={`${props.id}-edit`}>{props.label}</label>
          <textarea
            id={`${props.id}-edit`}
            rows={props.rows}
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <div class="row">
            <button type="submit" class="btn primary">
              {props.submitLabel}
            </button>
            <button type="button" class="btn" onClick={() => setEditing(false)}>
              {yt('common.cancel')}
            </button>
          </div>
        </form>
      }
    >
      {props.children(edit)}
    </Show>
  );
}
