// Plain (not autosaving) form parts shared by the create forms, the filters and the sign-in form:
// a labelled field, a labelled input, a labelled choice, a list of options, and the form's error line.
import { type JSX, For, Show, createSignal, splitProps } from 'solid-js';
import { errorMessage } from '../error-message';

export type Option = { value: string; label: string };

/** The options of a <select>, the one matching `selected` marked. */
export function Options(props: { options: readonly Option[]; selected: string }) {
  return (
    <For each={props.options}>
      {(o) => (
        <option value={o.value} selected={o.value === props.selected}>
          {o.label}
        </option>
      )}
    </For>
  );
}

/**
 * A <select> that shows its chosen text whole: a native select never wraps, so on a phone
 * "Klimaschutz, Klimafolgenanpassu…" would be cut. The text is drawn by a box that wraps, and
 * the native select lies transparent over it: it still takes taps, keys and the screen reader,
 * and the phone's own picker lists the options (styles/base.css `.select-box`).
 */
export function SelectBox(props: {
  options: readonly Option[];
  selected: string;
  children: JSX.Element;
}) {
  const text = () => props.options.find((o) => o.value === props.selected)?.label ?? '';
  return (
    <div class="select-box">
      <span class="select-text" aria-hidden="true">
        {text()}
      </span>
      {props.children}
    </div>
  );
}

/** A label and its control in a `div.field`; the control carries `id`. */
export function LabelledField(props: {
  id: string;
  label: string;
  class?: string;
  children: JSX.Element;
}) {
  return (
    <div class={props.class ?? 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

type InputFieldProps = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'id' | 'onInput' | 'class'
> & {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  /** The wrapper's class; `field` when not given. */
  class?: string;
};

/** A labelled <input> whose handler receives the typed text. */
export function InputField(props: InputFieldProps) {
  const [own, input] = splitProps(props, ['label', 'onInput', 'class']);
  return (
    <LabelledField id={input.id} label={own.label} class={own.class}>
      <input {...input} onInput={(e) => own.onInput(e.currentTarget.value)} />
    </LabelledField>
  );
}

/** A labelled <select> over `options`; the handler receives the chosen value. */
export function ChoiceField(props: {
  id: string;
  label: string;
  options: readonly Option[];
  selected: string;
  onChange: (value: string) => void;
  required?: boolean;
}) {
  return (
    <LabelledField id={props.id} label={props.label}>
      <SelectBox options={props.options} selected={props.selected}>
        <select
          id={props.id}
          required={props.required}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          <Options options={props.options} selected={props.selected} />
        </select>
      </SelectBox>
    </LabelledField>
  );
}

/**
 * The error line under a form: `message` as it is, or an `error` put into words by
 * errorMessage. Nothing is rendered while there is neither.
 */
export function FormError(props: { message?: string | null; error?: unknown }) {
  const text = () => props.message || (props.error ? errorMessage(props.error) : '');
  return (
    <Show when={text()}>
      <p class="field-error" role="alert">
        {text()}
      </p>
    </Show>
  );
}

export type Vocabulary = Record<string, { de: string; en: string }>;

/** Options from a shared vocabulary ({ key: { de, en } }) in the current language. */
export function vocabOptions(vocab: Vocabulary, lang: 'de' | 'en'): Option[] {
  return Object.entries(vocab).map(([value, l]) => ({ value, label: l[lang] }));
}

/** `options` after a first, empty-valued choice (none, all). */
export function withNone(label: string, options: readonly Option[]): Option[] {
  return [{ value: '', label }, ...options];
}

/**
 * A form's values kept as one object: `values()`, `set(patch)`, `reset()` to the start, and
 * `text(k)`, the value and onInput of field `k` to spread into an InputField
 * (`<InputField id=… label=… {...form.text('name')} />`).
 */
export function createForm<T extends object>(initial: T) {
  const [values, setValues] = createSignal<T>(initial);
  const set = (patch: Partial<T>) => setValues((v) => ({ ...v, ...patch }));
  const text = <K extends keyof T>(k: K) => ({
    get value() {
      return String(values()[k]);
    },
    onInput: (v: string) => {
      const patch: Partial<T> = {};
      patch[k] = v as T[K];
      set(patch);
    },
  });
  return { values, set, reset: () => setValues(() => initial), text };
}
