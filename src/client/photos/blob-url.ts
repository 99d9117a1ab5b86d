// An object URL for stored image bytes, revoked when the hash changes or the owner unmounts.
// Bytes of another device's photo are fetched once through the sync engine (ensureBlob) and
// kept for offline use; without network they show as missing.
import { createEffect, createSignal, onCleanup } from 'solid-js';
import { fromStored, readBlob } from '../db/photos';
import type { AppDb } from '../db/schema';
import { ensureBlob } from '../sync/blob-download';

async function load(db: AppDb, sha: string): Promise<Blob | null> {
  const local = await readBlob(db, sha);
  if (local) return local;
  try {
    return fromStored(await ensureBlob(db, sha));
  } catch {
    return null; // offline, signed out or not uploaded yet: the placeholder says so
  }
}

/** undefined: loading; null: bytes not on this device (e.g. not downloaded yet). */
export function createBlobUrl(db: AppDb, sha256: () => string | undefined) {
  const [url, setUrl] = createSignal<string | null | undefined>(undefined);
  createEffect(() => {
    const sha = sha256();
    let current: string | null = null;
    let live = true;
    setUrl(undefined);
    if (sha) {
      void load(db, sha).then(
        (blob) => {
          if (!live) return;
          current = blob ? URL.createObjectURL(blob) : null;
          setUrl(current);
        },
        () => live && setUrl(null),
      );
    }
    onCleanup(() => {
      live = false;
      if (current) URL.revokeObjectURL(current);
    });
  });
  return url;
}
