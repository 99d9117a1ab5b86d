// Autosaving form controls. Each keeps its own draft while the user types, writes it
// through the debounced autosave, and only takes the stored value back when it has
// nothing unsaved and is not being typed in, so neither a live-query refresh nor a value another
// person saved meanwhile ever replaces typing (docs/architecture.md invariant I4): the field then
// says who changed it and keeps the typed text; saving it records a conflict on the server, and
// an open conflict of the field is marked under it with a link to resolve it. On a failed save
// the draft stays in the control and the error is shown next to it.
import {
  type JSX,
  Show,
  createEffect,
  createRenderEffect,
  createSignal,
  createUniqueId,
  on,
} from 'solid-js';
import { saveNow, scheduleSave } from '../autosave';
import { errorMessage } from '../error-message';
import { lang } from '../../i18n';
import { ct } from '../../i18n/conflicts';
import { noteSeenVersion } from '../../db/seen-base';
import { authorsOf, type WithAuthors } from '../../db/authors';
import { firstWords } from '../record-name';
import { ConflictMark, fieldOfKey, recordOfKey, useFieldConflict } from './conflict-marks';
import { type Option, type Vocabulary, vocabOptions } from './form';
import { ReadOnlyValue, useReadOnly } from './read-only';
import { type DormantLook, DormantField, useDormancy } from './dormant';

type Base = {
  label: string;
  /** Unique per record and field: a newer edit of the same key replaces a pending one. */
  saveKey: string;
  value: string;
  onSave: (value: string) => Promise<unknown>;
  hideLabel?: boolean;
  class?: string;
  placeholder?: string;
  /** The record's server version behind `value` (autosaved binds give it). */
  version?: number;
  /** Who last changed the record, for "changed by … meanwhile" (autosaved binds give it). */
  changedBy?: string | null;
};

function createDraft(props: Base, immediate: boolean, hasConflict: () => boolean) {
  const [draft, setDraft] = createSignal(props.value);
  const [dirty, setDirty] = createSignal(false);
  const [error, setError] = createSignal<unknown>(undefined);
  /** Typed into since it got focus: an arriving value is held back, not shown. */
  const [typing, setTyping] = createSignal(false);
  /** A value that arrived while the user typed (shown beside the field, not in it). */
  const [held, setHeld] = createSignal<string | null>(null);
  // The version the draft's text is based on (what the user saw when starting to type).
  let seen = props.version;
  createEffect(
    on(
      () => props.value,
      (v) => {
        if (!dirty() && !typing()) {
          setDraft(v);
          setHeld(null);
          seen = props.version;
        } else if (v === draft()) {
          setHeld(null);
          seen = props.version; // the user's own text came back from the server
        } else setHeld(v);
      },
    ),
  );
  function change(v: string) {
    setDraft(v);
    setDirty(true);
    if (!immediate) setTyping(true);
    const write = async () => {
      // Typed over a value that arrived meanwhile: based on what the user saw (seen-base.ts),
      // unless that value is already one side of an open conflict.
      const f = fieldOfKey(props.saveKey);
      if (f && held() !== null && !hasConflict()) {
        noteSeenVersion(f.entity, f.id, f.field, seen ?? null);
        setHeld(null);
      }
      await props.onSave(v);
      setError(undefined);
      if (draft() === v) setDirty(false);
    };
    if (immediate) void saveNow(props.saveKey, write, setError);
    else scheduleSave(props.saveKey, write, setError);
  }
  /** Leaving the field: with nothing unsaved it shows the stored value again. */
  function leave() {
    setTyping(false);
    if (dirty()) return;
    setDraft(props.value);
    setHeld(null);
    seen = props.version;
  }
  return { draft, change, error, held, leave };
}

/** The option elements of a choice, made once per list (they are only ever replaced whole). */
function optionNodes(options: readonly Option[]): HTMLOptionElement[] {
  return options.map((o) => {
    const el = document.createElement('option');
    el.value = o.value;
    el.textContent = o.label;
    return el;
  });
}

/**
 * What a field needs while it can be edited: its id, conflict lookup, draft, and the texts derived
 * from them. A page renders hundreds of fields (five per observation card), so each field is a few
 * reactive computations: the draft's effect, the conflict lookup, one effect for the attributes
 * and texts of its one template, and the notes under it only once there is one.
 */
function createEditable(props: Base, immediate: boolean) {
  const id = createUniqueId();
  const mark = useFieldConflict(() => props.saveKey);
  const d = createDraft(props, immediate, () => mark.conflict() !== undefined);
  const record = () => recordOfKey(props.saveKey);
  const meanwhile = () => {
    const v = d.held();
    // With a conflict open the mark below says it all (the typed value is already one side).
    if (v === null || mark.conflict()) return null;
    const name = mark.other() ?? props.changedBy ?? null;
    const value = firstWords(v) || '—';
    return name
      ? ct('mark.changedMeanwhile', { name, value })
      : ct('mark.changedMeanwhileUnknown', { value });
  };
  const marked = () => !!mark.conflict() || d.held() !== null;
  const leave = (e: FocusEvent & { currentTarget: HTMLElement }) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) d.leave();
  };
  /** The changed-meanwhile note, the conflict mark and the save error, each when there is one. */
  const notes = () => (
    <Show when={!!meanwhile() || !!mark.conflict() || !!d.error()}>
      <Show when={meanwhile()}>
        {(text) => (
          <p class="conflict-mark" role="status" data-testid="changed-meanwhile">
            {text()} {ct('mark.keepsYours')}
          </p>
        )}
      </Show>
      <Show when={mark.conflict()}>
        {(c) => <ConflictMark conflict={c()} other={mark.other()} />}
      </Show>
      <Show when={d.error()}>
        <p class="field-error" id={`${id}-err`}>
          {errorMessage(d.error())}
        </p>
      </Show>
    </Show>
  );
  return { id, d, record, marked, leave, notes };
}

/**
 * The label and the value as text in a read-only scope; in a sleeping scope (dormant.tsx) the
 * label and the value in a box drawn like the control; else `editable()`: the field's label,
 * control and notes in a `div.field`.
 */
function ReadOnlyOr(props: {
  label: string;
  class?: string;
  hideLabel?: boolean;
  saveKey: string;
  text: () => string;
  look: DormantLook;
  editable: () => JSX.Element;
}) {
  const readOnly = useReadOnly();
  const dormancy = useDormancy();
  return (
    <Show
      when={!readOnly()}
      fallback={<ReadOnlyValue label={props.label} text={props.text()} class={props.class} />}
    >
      <Show when={dormancy?.asleep() && dormancy} fallback={props.editable()}>
        {(sleeping) => (
          <DormantField
            label={props.label}
            hideLabel={props.hideLabel}
            class={props.class}
            record={recordOfKey(props.saveKey)}
            text={props.text()}
            look={props.look}
            dormancy={sleeping()}
          />
        )}
      </Show>
    </Show>
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
  return (
    <ReadOnlyOr
      label={props.label}
      class={props.class}
      hideLabel={props.hideLabel}
      saveKey={props.saveKey}
      text={() => props.value}
      look={props.multiline ? { kind: 'text', rows: props.rows ?? 3 } : { kind: 'line' }}
      editable={() => <EditableText {...props} />}
    />
  );
}

function EditableText(
  props: Base & {
    type?: 'text' | 'date' | 'number' | 'email' | 'tel';
    multiline?: boolean;
    rows?: number;
    inputmode?: 'numeric';
  },
) {
  // Date pickers commit a whole value at once: no reason to wait.
  // eslint-disable-next-line solid/reactivity -- a field's kind is fixed where it is written
  const f = createEditable(props, props.type === 'date');
  const d = f.d;
  // eslint-disable-next-line solid/reactivity -- a field's kind is fixed where it is written
  const multiline = props.multiline;
  // eslint-disable-next-line solid/reactivity -- as is its type
  const printCopy = props.type !== 'date';
  // Paper shows the print copy of the whole text instead of the box, which would cut it
  // (styles/print.css); a date keeps its box, which shows it in the reader's format.
  return (
    <>
      {multiline ? (
        <div
          class={`field ${props.class ?? ''}`}
          classList={{ 'has-conflict': f.marked() }}
          data-record={f.record()}
          onFocusOut={f.leave}
        >
          <label
            for={f.id}
            classList={{ 'sr-only': !!props.hideLabel }}
            textContent={props.label}
          />
          <textarea
            id={f.id}
            placeholder={props.placeholder}
            aria-invalid={d.error() ? true : undefined}
            aria-describedby={d.error() ? `${f.id}-err` : undefined}
            rows={props.rows ?? 3}
            value={d.draft()}
            onInput={(e) => d.change(e.currentTarget.value)}
          />
          <div class="print-copy" aria-hidden="true" textContent={d.draft()} />
          {f.notes()}
        </div>
      ) : (
        <div
          class={`field ${props.class ?? ''}`}
          classList={{ 'has-conflict': f.marked() }}
          data-record={f.record()}
          onFocusOut={f.leave}
        >
          <label
            for={f.id}
            classList={{ 'sr-only': !!props.hideLabel }}
            textContent={props.label}
          />
          <input
            id={f.id}
            placeholder={props.placeholder}
            aria-invalid={d.error() ? true : undefined}
            aria-describedby={d.error() ? `${f.id}-err` : undefined}
            type={props.type ?? 'text'}
            inputmode={props.inputmode}
            value={d.draft()}
            onInput={(e) => d.change(e.currentTarget.value)}
          />
          {printCopy && <div class="print-copy" aria-hidden="true" textContent={d.draft()} />}
          {f.notes()}
        </div>
      )}
    </>
  );
}

/** A choice from `options`, or from a shared vocabulary in the current language. */
export function SelectField(
  props: Base & ({ options: readonly Option[] } | { vocab: Vocabulary; options?: undefined }),
) {
  const options = () =>
    props.options ?? vocabOptions((props as { vocab: Vocabulary }).vocab, lang());
  return (
    <ReadOnlyOr
      label={props.label}
      class={props.class}
      hideLabel={props.hideLabel}
      saveKey={props.saveKey}
      text={() => options().find((o) => o.value === props.value)?.label ?? props.value}
      look={{ kind: 'choice' }}
      editable={() => <EditableSelect {...props} options={options} />}
    />
  );
}

function EditableSelect(props: Base & { options: () => readonly Option[] }) {
  const f = createEditable(props, true);
  const d = f.d;
  // The options and the chosen one, set in one step when the select is made: the list (made
  // again only when its values or labels change) before the value, which needs its option.
  const fill = (select: HTMLSelectElement) => {
    let shown = '';
    createRenderEffect(() => {
      const list = props.options();
      const value = d.draft();
      const key = list.map((o) => `${o.value}\u0000${o.label}`).join('\u0001');
      if (key !== shown) {
        shown = key;
        select.replaceChildren(...optionNodes(list));
      }
      select.value = value;
    });
  };
  return (
    <div
      class={`field ${props.class ?? ''}`}
      classList={{ 'has-conflict': f.marked() }}
      data-record={f.record()}
      onFocusOut={f.leave}
    >
      <label for={f.id} classList={{ 'sr-only': !!props.hideLabel }} textContent={props.label} />
      <div class="select-box">
        <span
          class="select-text"
          aria-hidden="true"
          textContent={props.options().find((o) => o.value === d.draft())?.label ?? ''}
        />
        <select
          ref={fill}
          id={f.id}
          onChange={(e) => d.change(e.currentTarget.value)}
          aria-invalid={d.error() ? true : undefined}
        />
      </div>
      {f.notes()}
    </div>
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
    get version() {
      const v = (record() as { _v?: unknown })._v;
      return typeof v === 'number' ? v : undefined;
    },
    get changedBy() {
      return authorsOf(record() as WithAuthors).editor;
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
