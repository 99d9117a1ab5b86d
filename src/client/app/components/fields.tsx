// Autosaving form controls. Each keeps its own draft while the user types, writes it
// through the debounced autosave, and only takes the stored value back when it has
// nothing unsaved, so a live-query refresh never overwrites typing. On a failed save
// the draft stays in the control and the error is shown next to it.
import { type JSX, For, Show, createEffect, createSignal, createUniqueId, on } from 'solid-js';
import { saveNow, scheduleSave } from '../autosave';
import { errorMessage } from '../error-message';

type Base = {
  label: string;
  /** Unique per record and field: a newer edit of the same key replaces a pending one. */
  saveKey: string;
  value: string;
  onSave: (value: string) => Promise<unknown>;
  hideLabel?: boolean;
  class?: string;
  placeholder?: string;
};

function createDraft(props: Base, immediate: boolean) {
  const [draft, setDraft] = createSignal(props.value);
  const [dirty, setDirty] = createSignal(false);
  const [error, setError] = createSignal<unknown>(undefined);
  createEffect(
    on(
      () => props.value,
      (v) => {
        if (!dirty()) setDraft(v);
      },
    ),
  );
  function change(v: string) {
    setDraft(v);
    setDirty(true);
    const write = async () => {
      await props.onSave(v);
      setError(undefined);
      if (draft() === v) setDirty(false);
    };
    if (immediate) void saveNow(props.saveKey, write, setError);
    else scheduleSave(props.saveKey, write, setError);
  }
  return { draft, change, error };
}

function Wrap(props: {
  id: string;
  label: string;
  hideLabel?: boolean;
  error: unknown;
  class?: string;
  children: JSX.Element;
}) {
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={props.id} classList={{ 'sr-only': !!props.hideLabel }}>
        {props.label}
      </label>
      {props.children}
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-err`}>
          {errorMessage(props.error)}
        </p>
      </Show>
    </div>
  );
}

export function TextField(
  props: Base & {
    type?: 'text' | 'date' | 'number' | 'email' | 'tel';
    multiline?: boolean;
    rows?: number;
    inputmode?: 'numeric';
  },
) {
  const id = createUniqueId();
  // Date pickers commit a whole value at once: no reason to wait.
  // eslint-disable-next-line solid/reactivity
  const d = createDraft(props, props.type === 'date');
  const common = () => ({
    id,
    placeholder: props.placeholder,
    'aria-invalid': d.error() ? true : undefined,
    'aria-describedby': d.error() ? `${id}-err` : undefined,
  });
  return (
    <Wrap
      id={id}
      label={props.label}
      hideLabel={props.hideLabel}
      error={d.error()}
      class={props.class}
    >
      <Show
        when={props.multiline}
        fallback={
          <input
            {...common()}
            type={props.type ?? 'text'}
            inputmode={props.inputmode}
            value={d.draft()}
            onInput={(e) => d.change(e.currentTarget.value)}
          />
        }
      >
        <textarea
          {...common()}
          rows={props.rows ?? 3}
          value={d.draft()}
          onInput={(e) => d.change(e.currentTarget.value)}
        />
      </Show>
    </Wrap>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: Base & { options: readonly Option[] }) {
  const id = createUniqueId();
  const d = createDraft(props, true);
  return (
    <Wrap
      id={id}
      label={props.label}
      hideLabel={props.hideLabel}
      error={d.error()}
      class={props.class}
    >
      <select
        id={id}
        value={d.draft()}
        onChange={(e) => d.change(e.currentTarget.value)}
        aria-invalid={d.error() ? true : undefined}
      >
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={o.value === d.draft()}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </Wrap>
  );
}

/** Options from a shared vocabulary ({ key: { de, en } }) in the current language. */
export function vocabOptions(
  vocab: Record<string, { de: string; en: string }>,
  lang: 'de' | 'en',
): Option[] {
  return Object.entries(vocab).map(([value, l]) => ({ value, label: l[lang] }));
}
