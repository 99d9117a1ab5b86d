// The frame of a numbered item of a visit (an observation, a follow-up): a fieldset with
// "Item n" as its legend, the item's fields, and a delete button. Deleting goes through the
// autosave queue and then tells the section, which offers to restore it.
import { type JSX, createEffect, on, onMount } from 'solid-js';
import { useDb } from '../../db/db-context';
import { deleteRecord } from '../../db/mutators';
import type { WithAuthors } from '../../db/authors';
import { t } from '../../i18n';
import { saveNow } from '../autosave';
import { ByLine } from '../components/by-line';
import { CommentsAt } from '../review/comment-thread';
import { RecordHistory } from '../history/record-history';
import { Editable } from '../components/read-only';
import { DormantScope } from '../components/dormant';
import { useRecordConflict } from '../components/conflict-marks';

const KINDS = {
  observation: { class: 'card obs', prefix: 'obs', legend: 'obs.item', delete: 'obs.delete' },
  followUp: { class: 'card fu', prefix: 'fu', legend: 'fu.item', delete: 'fu.delete' },
} as const;

export function ItemCard(props: {
  kind: keyof typeof KINDS;
  recordId: string;
  n: number;
  /** Focus the first text area once shown (a just added item). */
  autofocus?: boolean;
  onDeleted: (id: string) => void;
  /** The record, for its by-line (who recorded it, who changed it last). */
  by?: WithAuthors;
  /**
   * Its fields wait as boxes until the card comes near the screen or is touched (dormant.tsx):
   * a long visit's cards off screen. Not while it is to take the focus or has an open conflict.
   */
  sleepsUntilNear?: boolean;
  /** A sleeping card also wakes when this turns true (the first cards, after the first paint). */
  wakes?: () => boolean;
  children: JSX.Element;
}) {
  const db = useDb();
  let ref!: HTMLFieldSetElement;
  const k = () => KINDS[props.kind];
  // Whether a card may sleep, and its kind, are fixed where it is made.
  const { kind, sleepsUntilNear } = props; // eslint-disable-line solid/reactivity
  const conflicted = sleepsUntilNear ? useRecordConflict(kind, () => props.recordId) : null;
  onMount(() => {
    // A link to this item (the needs list's "aus dem Besuch vom …") lands on it.
    if (location.hash === `#${ref.id}`) ref.scrollIntoView({ block: 'start' });
  });
  // The just added item takes the focus when it becomes that, not only when it is made: the live
  // list can show the new record before the add that wrote it has returned and said which it is.
  createEffect(
    on(
      () => props.autofocus,
      (focus) => {
        if (focus) ref.querySelector('textarea')?.focus();
      },
    ),
  );
  const remove = () =>
    void saveNow(`${k().prefix}:${props.recordId}:delete`, async () => {
      await deleteRecord(db, props.kind, props.recordId);
      props.onDeleted(props.recordId);
    });
  return (
    <fieldset class={k().class} id={`${k().prefix}-${props.recordId}`} ref={ref}>
      <legend>{t(k().legend, { n: props.n })}</legend>
      <ByLine row={props.by} />
      {sleepsUntilNear ? (
        <DormantScope
          awake={() => !!props.autofocus || !!conflicted?.() || !!props.wakes?.()}
          element={() => ref}
        >
          {props.children}
        </DormantScope>
      ) : (
        props.children
      )}
      <CommentsAt
        target={{ entity: props.kind, id: props.recordId }}
        what={t(k().legend, { n: props.n })}
      />
      <RecordHistory entity={props.kind} id={props.recordId} what={t(k().legend, { n: props.n })} />
      <Editable>
        <div class="row end">
          <button
            type="button"
            class="btn subtle"
            aria-label={t(k().delete, { n: props.n })}
            onClick={remove}
          >
            {t('common.delete')}
          </button>
        </div>
      </Editable>
    </fieldset>
  );
}
