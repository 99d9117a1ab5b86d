// "Nach oben" / "Nach unten" for one row of a list the person orders (templates, sections,
// items): buttons, not drag only, named with the row so a screen reader says what moves.
import { tpl } from '../../i18n/templates';
import { moveButtonId, refocusMovedRow } from './move-focus';

export function MoveButtons(props: {
  rowId: string;
  name: string;
  index: number;
  count: number;
  /** The current position of the row (read after the move, to know when it arrived). */
  position: () => number;
  move: (by: -1 | 1) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const go = async (by: -1 | 1) => {
    const before = props.index;
    try {
      await props.move(by);
      refocusMovedRow(props.rowId, by, before, props.position);
    } catch (e) {
      props.onError(e);
    }
  };
  const button = (by: -1 | 1) => {
    const text = tpl(by < 0 ? 'list.up' : 'list.down');
    return (
      <button
        type="button"
        class="btn"
        id={moveButtonId(props.rowId, by)}
        disabled={by < 0 ? props.index === 0 : props.index === props.count - 1}
        aria-label={tpl('list.moveName', { action: text, name: props.name })}
        onClick={() => void go(by)}
      >
        {text}
      </button>
    );
  };
  return (
    <div class="tpl-move">
      {button(-1)}
      {button(1)}
    </div>
  );
}
