// An object URL for stored image bytes, revoked when the hash changes or the owner unmounts.
import { createEffect, createSignal, onCleanup } from 'solid-js';
import { readBlob } from '../db/photos';
import type { AppDb } from '../db/schema';

/** undefined: loading; null: bytes not on this device (e.g. not downloaded yet). */
export function createBlobUrl(db: AppDb, sha256: () => string | undefined) {
  const [url, setUrl] = createSignal<string | null | undefined>(undefined);
  createEffect(() => {
    const sha = sha256();
    let current: string | null = null;
    let live = true;
    setUrl(undefined);
    if (sha) {
      void readBlob(db, sha).then((blob) => {
        if (!live) return;
        current = blob ? URL.createObjectURL(blob) : null;
        setUrl(current);
      }, () => live && setUrl(null));
    }
    onCleanup(() => {
      live = false;
      if (current) URL.revokeObjectURL(current);
    });
  });
  return url;
}
