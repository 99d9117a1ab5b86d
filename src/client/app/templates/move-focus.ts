// Moving a row with "Nach oben" / "Nach unten" keeps the keyboard focus on the moved row: the
// list re-renders from IndexedDB after the write, which moves (and so blurs) the row's button.
// The buttons carry ids from moveButtonId; once the row's position changed, its button takes the
// focus again (the other one when the row reached the end of the list).

export const moveButtonId = (rowId: string, by: -1 | 1) =>
  `move-${rowId}-${by < 0 ? 'up' : 'down'}`;

const MAX_FRAMES = 90;

/** After a move of `rowId` by `by`: focus its button once `position()` differs from `before`. */
export function refocusMovedRow(
  rowId: string,
  by: -1 | 1,
  before: number,
  position: () => number,
): void {
  let frames = 0;
  const step = () => {
    frames++;
    if (position() === before && frames < MAX_FRAMES) {
      requestAnimationFrame(step);
      return;
    }
    const same = document.getElementById(moveButtonId(rowId, by)) as HTMLButtonElement | null;
    const other = document.getElementById(moveButtonId(rowId, by < 0 ? 1 : -1));
    (same && !same.disabled ? same : other)?.focus();
  };
  requestAnimationFrame(step);
}
