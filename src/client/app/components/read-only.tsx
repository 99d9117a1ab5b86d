// A page part whose record the signed-in person may read but not change (a visit submitted for
// review or approved, docs/architecture.md §Review): every autosaving field inside it shows its
// value as readable text, and the controls that add, move or delete are left out.
import { type JSX, Show, createContext, useContext } from 'solid-js';

const ReadOnly = createContext<() => boolean>(() => false);

/** Everything inside reads `when()`: true makes its fields text and hides its edit controls. */
export function ReadOnlyScope(props: { when: boolean; children: JSX.Element }) {
  // eslint-disable-next-line solid/reactivity -- the accessor is read where a field renders
  return <ReadOnly.Provider value={() => props.when}>{props.children}</ReadOnly.Provider>;
}

export const useReadOnly = () => useContext(ReadOnly);

/** Shown only where the surrounding record may be edited. */
export function Editable(props: { children: JSX.Element }) {
  const readOnly = useReadOnly();
  return <Show when={!readOnly()}>{props.children}</Show>;
}

/** A field's label and value as text, in place of its control. */
export function ReadOnlyValue(props: { label: string; text: string; class?: string }) {
  return (
    <div class={`field read-only ${props.class ?? ''}`}>
      <span class="read-only-label">{props.label}</span>
      <p class="read-only-value">{props.text || '—'}</p>
    </div>
  );
}
