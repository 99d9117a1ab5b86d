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
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    try {
      await props.add(text());
      setText('');
    } catch (err) {
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
