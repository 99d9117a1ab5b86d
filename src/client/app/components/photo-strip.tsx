// Photos of a visit (observationId null) or of one observation: capture from camera or
// gallery, thumbnails, captions, order, delete, and the full-screen viewer. Mounted by the
// visit screen under each observation and once for the visit as a whole; the screen reads the
// visit's photos once (photosOfVisit) and hands each strip its group, so a strip opens no query.
import { For, Show, createSignal } from 'solid-js';
import type { Photo } from '../../../shared/domain/schemas';
import { useDb } from '../../db/db-context';
import { restoreRecord } from '../../db/mutators';
import { blobMode, deletePhoto, movePhoto, readPhotoSettings, updatePhoto } from '../../db/photos';
import { ByLine } from './by-line';
import { TextField } from './fields';
import { createBlobUrl } from '../../photos/blob-url';
import { type CaptureSource, capturePhoto } from '../../photos/capture';
import { PHOTO_ERROR, PhotoError } from '../../photos/errors';
import { photoErrorText, pt } from '../../i18n/photos';
import { PhotoSettingsPanel, settingsWithDefaults } from './photo-settings';
import { PhotoViewer } from './photo-viewer';
import '../styles/photos.css';
import { Editable } from './read-only';

/** Restricting the types makes iOS hand over JPEG instead of HEIC (WebKit #25443). */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

type Note = { kind: 'error' | 'info'; text: string; undo?: () => void };

export function PhotoStrip(props: {
  visitId: string;
  observationId: string | null;
  /** This strip's photos in strip order (a group of photosOfVisit); undefined = none. */
  photos: readonly Photo[] | undefined;
  /** Whose photos ("Fotos: …"), so that each strip of a page is a region with a name of its own. */
  owner?: string;
}) {
  const db = useDb();
  void blobMode(db); // probe Blob support once per database, before the first photo needs it
  const list = () => props.photos ?? [];
  const [busy, setBusy] = createSignal<{ n: number; total: number } | null>(null);
  const [notes, setNotes] = createSignal<Note[]>([]);
  const [viewerAt, setViewerAt] = createSignal<number | null>(null);
  let camera: HTMLInputElement | undefined;
  let gallery: HTMLInputElement | undefined;

  async function addFiles(input: HTMLInputElement, source: CaptureSource) {
    const files = [...(input.files ?? [])];
    input.value = ''; // the same file can be chosen again
    if (!files.length || busy()) return;
    const settings = settingsWithDefaults(await readPhotoSettings(db));
    const out: Note[] = [];
    let saved = 0;
    for (const [i, file] of files.entries()) {
      setBusy({ n: i + 1, total: files.length });
      try {
        const r = await capturePhoto(
          db,
          file,
          { visitId: props.visitId, observationId: props.observationId },
          source,
          settings,
        );
        if (r.duplicate) out.push({ kind: 'info', text: pt('duplicate') });
        else saved++;
      } catch (e) {
        const code = e instanceof PhotoError ? e.code : 'other';
        out.push({
          kind: 'error',
          text: photoErrorText(code, {
            name: file.name || pt('unnamed'),
            msg: String((e as Error)?.message ?? e),
          }),
        });
        if (code === PHOTO_ERROR.storageFull) break; // the next ones would fail the same way
      }
    }
    setBusy(null);
    if (saved)
      out.unshift({ kind: 'info', text: saved === 1 ? pt('saved1') : pt('saved', { n: saved }) });
    setNotes(out);
  }

  async function remove(p: Photo) {
    await deletePhoto(db, p.id);
    setNotes([
      {
        kind: 'info',
        text: pt('deleted'),
        undo: () => void restoreRecord(db, 'photo', p.id).then(() => setNotes([])),
      },
    ]);
  }

  return (
    <section
      class="photo-strip"
      aria-label={props.owner ? `${pt('photos')}: ${props.owner}` : pt('photos')}
    >
      <Editable>
        <div class="photo-actions">
          <button type="button" class="btn" disabled={!!busy()} onClick={() => camera?.click()}>
            <span aria-hidden="true">📷 </span>
            {pt('take')}
          </button>
          <button type="button" class="btn" disabled={!!busy()} onClick={() => gallery?.click()}>
            <span aria-hidden="true">🖼 </span>
            {pt('gallery')}
          </button>
          <input
            ref={camera}
            type="file"
            accept={ACCEPT}
            capture="environment"
            hidden
            tabindex="-1"
            data-photo-input="camera"
            onChange={(e) => void addFiles(e.currentTarget, 'camera')}
          />
          <input
            ref={gallery}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            tabindex="-1"
            data-photo-input="gallery"
            onChange={(e) => void addFiles(e.currentTarget, 'gallery')}
          />
        </div>
      </Editable>
      {/* Everything below the buttons behind one condition: a visit page has a strip under each of
          its (hundreds of) observations, nearly all of them without photos or notes. */}
      <Show
        when={
          busy() !== null ||
          notes().length > 0 ||
          list().length > 0 ||
          props.observationId === null ||
          viewerAt() !== null
        }
      >
        <Show when={busy()}>
          {(b) => (
            <p class="photo-busy" role="status">
              {pt('processing', b())}
            </p>
          )}
        </Show>
        <For each={notes()}>
          {(n) => (
            <p
              class={n.kind === 'error' ? 'photo-error' : 'photo-info'}
              role={n.kind === 'error' ? 'alert' : 'status'}
            >
              {n.text}
              <Show when={n.undo}>
                {(undo) => (
                  <>
                    {' '}
                    <button type="button" class="btn-link" onClick={() => undo()()}>
                      {pt('restore')}
                    </button>
                  </>
                )}
              </Show>
            </p>
          )}
        </For>
        <Show when={list().length > 0}>
          <ul class="photo-list">
            <For each={list()}>
              {(p, i) => (
                <PhotoItem
                  photo={p}
                  n={i() + 1}
                  total={list().length}
                  onOpen={() => setViewerAt(i())}
                  onMove={(step) => void movePhoto(db, p.id, step)}
                  onDelete={() => void remove(p)}
                />
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.observationId === null}>
          <Editable>
            {/* The panel's figures (storage use, settings) follow in place when read (latest.ts):
                the page neither waits for them nor blanks while they load. */}
            <PhotoSettingsPanel db={db} version={list().length} />
          </Editable>
        </Show>
        <Show when={viewerAt() !== null && list().length > 0}>
          <PhotoViewer photos={list()} start={viewerAt() ?? 0} onClose={() => setViewerAt(null)} />
        </Show>
      </Show>
    </section>
  );
}

function PhotoItem(props: {
  photo: Photo;
  n: number;
  total: number;
  onOpen(): void;
  onMove(step: -1 | 1): void;
  onDelete(): void;
}) {
  const db = useDb();
  return (
    <li class="photo-item" aria-label={pt('alt', { n: props.n })}>
      <PhotoThumb
        photo={props.photo}
        n={props.n}
        total={props.total}
        onOpen={() => props.onOpen()}
      />
      <TextField
        label={pt('caption')}
        saveKey={`photo:${props.photo.id}:caption`}
        value={props.photo.caption}
        onSave={(v) => updatePhoto(db, props.photo.id, { caption: v })}
        class="photo-caption"
      />
      <ByLine row={props.photo} class="photo-by" />
      <Editable>
        <div class="photo-tools">
          <button
            type="button"
            class="btn-icon"
            aria-label={pt('earlier')}
            disabled={props.n === 1}
            onClick={() => props.onMove(-1)}
          >
            ←
          </button>
          <button
            type="button"
            class="btn-icon"
            aria-label={pt('later')}
            disabled={props.n === props.total}
            onClick={() => props.onMove(1)}
          >
            →
          </button>
          <button
            type="button"
            class="btn-icon photo-delete"
            aria-label={pt('remove')}
            onClick={() => props.onDelete()}
          >
            🗑
          </button>
        </div>
      </Editable>
    </li>
  );
}

/** A photo's thumbnail as a button opening it full screen (⌛ while loading, ⊘ when not on this device). */
export function PhotoThumb(props: { photo: Photo; n: number; total: number; onOpen(): void }) {
  const db = useDb();
  const thumb = createBlobUrl(db, () => props.photo.thumbSha256);
  return (
    <button
      type="button"
      class="photo-thumb"
      onClick={() => props.onOpen()}
      aria-label={pt('open', { n: props.n, total: props.total })}
    >
      <Show
        when={thumb()}
        fallback={
          <span class="photo-missing" title={thumb() === null ? pt('missing') : undefined}>
            {thumb() === null ? '⊘' : '⌛'}
          </span>
        }
      >
        {(src) => (
          <img
            src={src()}
            alt=""
            width={Math.round(
              (props.photo.width / Math.max(props.photo.width, props.photo.height)) * 160,
            )}
            height={Math.round(
              (props.photo.height / Math.max(props.photo.width, props.photo.height)) * 160,
            )}
          />
        )}
      </Show>
    </button>
  );
}
