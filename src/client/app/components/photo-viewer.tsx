// Full-screen viewer: arrow keys and swipe move between photos, Escape closes. Works
// offline from IndexedDB; shows the thumbnail while (or if) the full image is missing. A modal
// dialog (modal.ts): the page behind is inert, Tab goes round the viewer's buttons, and focus goes
// back to the thumbnail that opened it.
import { Show, createMemo, createSignal } from 'solid-js';
import type { Photo } from '../../../shared/domain/schemas';
import { useDb } from '../../db/db-context';
import { createBlobUrl } from '../../photos/blob-url';
import { pt } from '../../i18n/photos';
import { ByLine } from './by-line';
import { useModal } from './modal';

const SWIPE_PX = 40;

export function PhotoViewer(props: {
  photos: readonly Photo[];
  start: number;
  onClose: () => void;
}) {
  const db = useDb();
  // eslint-disable-next-line solid/reactivity -- the start index is read once on open
  const [index, setIndex] = createSignal(props.start);
  const count = () => props.photos.length;
  const at = createMemo(() => Math.min(index(), Math.max(0, count() - 1)));
  const photo = () => props.photos[at()];
  const full = createBlobUrl(db, () => photo()?.sha256);
  const thumb = createBlobUrl(db, () => photo()?.thumbSha256);
  const go = (step: number) =>
    setIndex((i) => (count() ? (Math.min(i, count() - 1) + step + count()) % count() : 0));
  let closeBtn: HTMLButtonElement | undefined;
  let dialog: HTMLDialogElement | undefined;
  const modal = useModal({
    dialog: () => dialog,
    onClose: () => props.onClose(),
    initial: () => closeBtn,
  });

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowRight') {
      e.preventDefault();
      go(1);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      go(-1);
    } else modal.onKeyDown(e);
  };

  let downX: number | null = null;
  const onDown = (e: PointerEvent) => {
    downX = e.clientX;
  };
  const onUp = (e: PointerEvent) => {
    if (downX === null) return;
    const dx = e.clientX - downX;
    downX = null;
    if (Math.abs(dx) >= SWIPE_PX) go(dx < 0 ? 1 : -1);
  };

  return (
    <dialog
      ref={dialog}
      class="photo-viewer full-screen"
      aria-label={pt('viewer')}
      onKeyDown={onKey}
      on:cancel={(e) => modal.onCancel(e)}
    >
      <div class="photo-viewer-bar">
        <span aria-live="polite">{pt('position', { n: at() + 1, total: count() })}</span>
        <button
          ref={closeBtn}
          type="button"
          class="photo-viewer-close"
          onClick={() => props.onClose()}
        >
          {pt('close')}
        </button>
      </div>
      <div
        class="photo-viewer-stage"
        onPointerDown={onDown}
        onPointerUp={onUp}
        onPointerCancel={() => {
          downX = null;
        }}
      >
        <Show when={full() ?? thumb()}>
          {(src) => (
            <img
              src={src()}
              alt={photo()?.caption || pt('alt', { n: at() + 1 })}
              draggable={false}
            />
          )}
        </Show>
      </div>
      <div class="photo-viewer-caption">
        <Show when={photo()?.caption}>
          <p>{photo()?.caption}</p>
        </Show>
        <ByLine row={photo()} class="photo-viewer-by" />
      </div>
      <Show when={count() > 1}>
        <div class="photo-viewer-nav">
          <button type="button" onClick={() => go(-1)} aria-label={pt('prev')}>
            ‹
          </button>
          <button type="button" onClick={() => go(1)} aria-label={pt('next')}>
            ›
          </button>
        </div>
      </Show>
    </dialog>
  );
}
