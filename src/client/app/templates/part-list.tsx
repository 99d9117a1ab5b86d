// The rows of the sections and of the items of a template version, written once: each row a
// fieldset named by its position ("Abschnitt 2"), its fields, then Nach oben / Nach unten and
// remove; the empty text while there is none. The editors give the fields and the edits.
import { type JSX, For, Show } from 'solid-js';
import { MoveButtons } from './move-buttons';

export function PartList(props: {
  ids: string[];
  empty: string;
  /** The row's name by its position (1-based). */
  name: (n: number) => string;
  /** Marks each row's <li> with `data-<kind>="<id>"`; its first letter prefixes the buttons' ids. */
  kind: 'section' | 'item';
  removeLabel: string;
  move: (id: string, by: -1 | 1) => Promise<void>;
  remove: (id: string) => Promise<void>;
  onError: (e: unknown) => void;
  children: (id: string) => JSX.Element;
}) {
  return (
    <Show when={props.ids.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <ol class="tpl-parts">
        <For each={props.ids}>
          {(id, index) => {
            const name = () => props.name(index() + 1);
            return (
              <li
                class="tpl-part"
                data-section={props.kind === 'section' ? id : undefined}
                data-item={props.kind === 'item' ? id : undefined}
              >
                <fieldset>
                  <legend>{name()}</legend>
                  {props.children(id)}
                </fieldset>
                <div class="tpl-part-actions">
                  <MoveButtons
                    rowId={`${props.kind[0]}-${id}`}
                    name={name()}
                    index={index()}
                    count={props.ids.length}
                    position={() => props.ids.indexOf(id)}
                    move={(by) => props.move(id, by)}
                    onError={(e) => props.onError(e)}
                  />
                  <button
                    type="button"
                    class="btn subtle"
                    aria-label={`${props.removeLabel}: ${name()}`}
                    onClick={() => void props.remove(id).catch(props.onError)}
                  >
                    {props.removeLabel}
                  </button>
                </div>
              </li>
            );
          }}
        </For>
      </ol>
    </Show>
  );
}
