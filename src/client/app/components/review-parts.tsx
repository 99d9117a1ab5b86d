// Parts of the cards on the sync page (conflicts and refused changes): the link to the visit
// concerned and the inline editor for a value typed by hand.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
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

/** A labelled text area (id `${id}-edit`) with a submit and a cancel button. */
export function ValueEditor(props: {
  id: string;
  label: string;
  rows: number;
  value: string;
  onInput: (value: string) => void;
  submitLabel: string;
  onSubmit: (e: SubmitEvent) => void;
  onCancel: () => void;
}) {
  return (
    <form class="stack" onSubmit={(e) => props.onSubmit(e)}>
      <label for={`${props.id}-edit`}>{props.label}</label>
      <textarea
        id={`${props.id}-edit`}
        rows={props.rows}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <div class="row">
        <button type="submit" class="btn primary">
          {props.submitLabel}
        </button>
        <button type="button" class="btn" onClick={() => props.onCancel()}>
          {yt('common.cancel')}
        </button>
      </div>
    </form>
  );
}
