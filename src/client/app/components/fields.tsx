// Autosaving form controls. Each keeps its own draft while the user types, writes it
// through the debounced autosave, and only takes the stored value back when it has
// nothing unsaved, so a live-query refresh never overwrites typing. On a failed save
// the draft stays in the control and the error is shown next to it.
import { type JSX, Show, createEffect, createSignal, createUniqueId, on } from 'solid-js';
import { saveNow, scheduleSave } from '../autosave';
import { errorMessage } from '../error-message';
import { lang } from '../../i18n';
import { type Option, Options, SelectBox, type Vocabulary, vocabOptions } from './form';

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

type Draft = ReturnType<typeof createDraft>;

/** The label, the control `render` draws for the field's id and draft, and the save error. */
function DraftField(
  props: Base & { immediate: boolean; render: (id: string, d: Draft) => JSX.Element },
) {
  const id = createUniqueId();
  // eslint-disable-next-line solid/reactivity -- the draft reads props.value and props.onSave itself
  const d = createDraft(props, props.immediate);
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={id} classList={{ 'sr-only': !!props.hideLabel }}>
        {props.label}
      </label>
      {props.render(id, d)}
      <Show when={d.error()}>
        <p class="field-error" id={`${id}-err`}>
          {errorMessage(d.error())}
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
  const common = (id: string, d: Draft) => ({
    id,
    placeholder: props.placeholder,
    'aria-invalid': d.error() ? true : undefined,
    'aria-describedby': d.error() ? `${id}-err` : undefined,
  });
  // Date pickers commit a whole value at once: no reason to wait.
  return (
    <DraftField
      {...props}
      immediate={props.type === 'date'}
      render={(id, d) => (
        <Show
          when={props.multiline}
          fallback={
            <input
              {...common(id, d)}
              type={props.type ?? 'text'}
              inputmode={props.inputmode}
              value={d.draft()}
              onInput={(e) => d.change(e.currentTarget.value)}
            />
          }
        >
          <textarea
            {...common(id, d)}
            rows={props.rows ?? 3}
            value={d.draft()}
            onInput={(e) => d.change(e.currentTarget.value)}
          />
        </Show>
      )}
    />
  );
}

/** A choice from `options`, or from a shared vocabulary in the current language. */
export function SelectField(
  props: Base & ({ options: readonly Option[] } | { vocab: Vocabulary; options?: undefined }),
) {
  const options = () =>
    props.options ?? vocabOptions((props as { vocab: Vocabulary }).vocab, lang());
  return (
    <DraftField
      {...props}
      immediate
      render={(id, d) => (
        <SelectBox options={options()} selected={d.draft()}>
          <select
            id={id}
            value={d.draft()}
            onChange={(e) => d.change(e.currentTarget.value)}
            aria-invalid={d.error() ? true : undefined}
          >
            <Options options={options()} selected={d.draft()} />
          </select>
        </SelectBox>
      )}
    />
  );
}

/**
 * Autosave keys and field bindings of one record. `key(name)` is `prefix:id:name`;
 * `bind(field)` is the saveKey, value and onSave to spread into a TextField or SelectField,
 * with `parse` where the stored value is not the text itself (`bind('dueDate', (v) => v || null)`).
 */
export function autosaved<T extends { id: string }>(
  prefix: string,
  record: () => T,
  save: (fields: Partial<T>) => Promise<unknown>,
) {
  const key = (name: string) => `${prefix}:${record().id}:${name}`;
  const bind = <K extends keyof T & string>(field: K, parse = (v: string) => v as T[K]) => ({
    saveKey: key(field),
    get value() {
      const v = record()[field];
      return v === null || v === undefined ? '' : String(v);
    },
    onSave: (v: string) => {
      const patch: Partial<T> = {};
      patch[field] = parse(v);
      return save(patch);
    },
  });
  return { key, bind };
}

/** For `bind`: an emptied field stores null (no date, no action field). */
export function emptyToNull<T extends string>(v: string): T | null {
  return (v || null) as T | null;
}
