// The one-line form under the sections and the items: the German text of a new one, then add.
import { createSignal, createUniqueId } from 'solid-js';
import { InputField } from '../components/form';

export function AddPartForm(props: {
  label: string;
  button: string;
  add: (de: string) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const id = createUniqueId();
  const [text, setText] = createSignal('');
  // The field empties at once, not after the save: what the person types while the previous
  // one is being saved is the next one, and stays. A refused one comes back into an empty field.
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const typed = text();
    setText('');
    try {
      await props.add(typed);
    } catch (err) {
      if (text() === '') setText(typed);
      props.onError(err);
    }
  }
  return (
    <form class="tpl-add" onSubmit={(e) => void submit(e)}>
      <InputField id={id} label={props.label} value={text()} onInput={setText} />
      <button type="submit" class="btn add">
        + {props.button}
      </button>
    </form>
  );
}
