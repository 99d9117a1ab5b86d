// A finding's photos in the briefing: thumbnails with their captions, read only; a tap opens the
// full-screen viewer. Bytes come from this device (fetched once when online, kept for offline).
import { For, Show, createSignal } from 'solid-js';
import type { Photo } from '../../../shared/domain/schemas';
import { pt } from '../../i18n/photos';
import { PhotoThumb } from '../components/photo-strip';
import { PhotoViewer } from '../components/photo-viewer';

export function PhotoThumbs(props: { photos: readonly Photo[] | undefined }) {
  const list = () => props.photos ?? [];
  const [viewerAt, setViewerAt] = createSignal<number | null>(null);
  return (
    <Show when={list().length > 0}>
      <ul class="photo-list brief-photos" aria-label={pt('photos')}>
        <For each={list()}>
          {(p, i) => (
            <li class="photo-item" aria-label={pt('alt', { n: i() + 1 })}>
              <PhotoThumb
                photo={p}
                n={i() + 1}
                total={list().length}
                onOpen={() => setViewerAt(i())}
              />
              <Show when={p.caption}>
                <span class="meta brief-caption">{p.caption}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={viewerAt() !== null}>
        <PhotoViewer photos={list()} start={viewerAt() ?? 0} onClose={() => setViewerAt(null)} />
      </Show>
    </Show>
  );
}
