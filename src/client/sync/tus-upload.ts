// Upload one photo's bytes with the tus subset of src/shared/blobs.ts. A small client of our
// own instead of tus-js-client: the offset must live in IndexedDB (blobState, not localStorage),
// the server's 460 hash-mismatch and the final HEAD verification are ours anyway, and it keeps
// ~20 kB of library out of the bundle.
import { HASH_MISMATCH_STATUS, TUS_VERSION, UPLOADS_URL, blobUrl } from '../../shared/blobs';
import type { ApiErrorCode } from '../../shared/protocol';
import type { AppDb } from '../db/schema';
import { readBlobRow, readBlobState, updateBlobState } from '../db/sync-blobs';
import { bytesOf, sha256Hex } from './blob-bytes';

export type UploadAccess = { baseUrl: string; token: string; fetch: typeof fetch };
export type UploadResult =
  | { status: 'uploaded' }
  | { status: 'auth' }
  | { status: 'error'; code: string; message: string; permanent: boolean };

const MIN_CHUNK = 256 * 1024;
const MAX_CHUNK = 1024 * 1024;
const MAX_RESTARTS = 3;
/** API error code of a full per-account photo quota (API_ERROR_CODES). */
export const PHOTO_QUOTA_EXCEEDED = 'photo_quota_exceeded' satisfies ApiErrorCode;

const b64 = (s: string) => btoa(s);
const err = (code: string, message: string, permanent = false): UploadResult => ({
  status: 'error',
  code,
  message,
  permanent,
});

/** The offset an answer reports, 0 when it reports none or one outside the photo. */
function offsetIn(res: Response, length: number): number {
  const n = Number(res.headers.get('upload-offset') ?? 0);
  return Number.isSafeInteger(n) && n >= 0 && n <= length ? n : 0;
}

function caller(a: UploadAccess) {
  return async (url: string, init: RequestInit): Promise<Response | null> => {
    try {
      return await a.fetch(url.startsWith('http') ? url : `${a.baseUrl}${url}`, {
        ...init,
        headers: {
          authorization: `Bearer ${a.token}`,
          'tus-resumable': TUS_VERSION,
          ...init.headers,
        },
        signal: AbortSignal.timeout(60_000),
      });
    } catch {
      return null; // network or timeout: the persisted offset lets the next attempt resume
    }
  };
}

/** 5. Only the server's HEAD 200 proves the bytes are stored (and lets GC ever drop them). */
export async function verifyBlob(
  db: AppDb,
  sha256: string,
  a: UploadAccess,
): Promise<UploadResult> {
  const head = await caller(a)(blobUrl(sha256), { method: 'HEAD' });
  if (head?.status === 200) {
    await updateBlobState(db, sha256, { state: 'uploaded', refused: undefined });
    return { status: 'uploaded' };
  }
  if (head?.status === 401) return { status: 'auth' };
  // All bytes sent but no blob (e.g. the server stopped while finishing it): that upload is
  // spoilt; forget it so the next attempt starts a fresh one instead of "resuming" forever.
  if (head?.status === 404) await updateBlobState(db, sha256, { uploadUrl: undefined, offset: 0 });
  return err(head ? `http_${head.status}` : 'network', 'bytes not (yet) stored on the server');
}

/** Steps 1–4: get the bytes onto the server; 'sent' still needs verifyBlob. */
export async function sendBlob(
  db: AppDb,
  sha256: string,
  a: UploadAccess,
): Promise<UploadResult | { status: 'sent' }> {
  const call = caller(a);
  const verify = async () => ({ status: 'sent' }) as const;

  // 1. Dedupe: the server may already hold these bytes (another device, an earlier attempt).
  //    A fresh upload skips this HEAD: its POST answers 200 for stored bytes this user may read
  //    (routes/uploads.ts), which saves one round trip per photo on a slow link; stored bytes it
  //    may not read answer 404/201 like unknown ones and are sent. The final HEAD still decides.
  const st = await readBlobState(db, sha256);
  if (st?.uploadUrl) {
    const probe = await call(blobUrl(sha256), { method: 'HEAD' });
    if (!probe) return err('network', 'server unreachable');
    if (probe.status === 401) return { status: 'auth' };
    if (probe.status === 200) return verify();
    if (probe.status !== 404) return err(`http_${probe.status}`, 'blob probe failed');
  }

  const row = await readBlobRow(db, sha256);
  if (!row) return err('missing_bytes', 'no local bytes for this photo', true);
  const { bytes, type } = await bytesOf(row.data);
  let url = st?.uploadUrl;
  let offset = st?.offset ?? 0;
  let chunk = MIN_CHUNK;
  let restarts = 0;
  let rounds = 0;
  /** The upload is gone or its bytes failed the hash: start a fresh one (an error ends it). */
  const restart = async (status: number): Promise<UploadResult | null> => {
    if (++restarts > MAX_RESTARTS) return err(`http_${status}`, 'upload keeps failing');
    if (status === HASH_MISMATCH_STATUS && (await sha256Hex(bytes)) !== sha256) {
      // Local bytes no longer match their name: never upload or delete them; tell the user.
      return err('local_hash_mismatch', 'the photo bytes on this device are damaged', true);
    }
    await updateBlobState(db, sha256, { uploadUrl: undefined, offset: 0 });
    return null;
  };

  for (;;) {
    // A server whose upload offset and file disagree could answer 409 forever: give up on
    // that upload after a few rounds and start a fresh one next time.
    if (++rounds > 8) {
      await updateBlobState(db, sha256, { uploadUrl: undefined, offset: 0 });
      return err('upload_stuck', 'the server keeps refusing the upload offset');
    }
    // 2. Resume: ask the upload how far it got; an expired upload starts again from 0.
    if (url) {
      const head = await call(url, { method: 'HEAD' });
      if (!head) return err('network', 'server unreachable');
      if (head.status === 401) return { status: 'auth' };
      if (head.status === 200 || head.status === 204)
        offset = Number(head.headers.get('upload-offset') ?? 0);
      else if (head.status === 404 || head.status === 410) url = undefined;
      else return err(`http_${head.status}`, 'upload status failed');
    }
    // 3. Create the upload with its first chunk in the same request (creation-with-upload): one
    //    round trip less per photo. Its URL is known only from the answer; when that is lost, the
    //    next POST of these bytes finds the same upload on the server and answers its offset.
    if (!url) {
      const first = bytes.subarray(0, Math.min(bytes.byteLength, MIN_CHUNK));
      const created = await call(UPLOADS_URL, {
        method: 'POST',
        headers: {
          'upload-length': String(bytes.byteLength),
          'upload-metadata': `sha256 ${b64(sha256)},type ${b64(type)}`,
          'content-type': 'application/offset+octet-stream',
        },
        body: first as Uint8Array<ArrayBuffer>,
      });
      if (!created) return err('network', 'server unreachable');
      if (created.status === 401) return { status: 'auth' };
      if (created.status === 200) return verify();
      // 507: the account's photo storage on the server is full. The bytes stay here; the state
      // is stored for the UI and the queue waits long before it asks again (upload-queue.ts).
      if (created.status === 507) {
        const code = await created
          .json()
          .then((b: { error?: unknown }) => String(b.error))
          .catch(() => '');
        if (code === PHOTO_QUOTA_EXCEEDED) {
          await updateBlobState(db, sha256, { refused: code });
          return err(code, 'the photo storage of this account on the server is full');
        }
      }
      if (created.status === 413 || created.status === 415)
        return err(`http_${created.status}`, 'server refuses this image', true);
      if (created.status === HASH_MISMATCH_STATUS || created.status === 404) {
        // The whole photo went with the POST and did not verify, or its staged bytes were lost.
        const damaged = await restart(created.status);
        if (damaged) return damaged;
        continue;
      }
      const location = created.headers.get('location');
      if (created.status !== 201 || !location)
        return err(`http_${created.status}`, 'upload creation failed');
      url = location;
      offset = offsetIn(created, bytes.byteLength);
      chunk = offset > 0 ? MIN_CHUNK * 2 : MIN_CHUNK;
      await updateBlobState(db, sha256, {
        state: 'uploading',
        uploadUrl: url,
        offset,
        refused: undefined,
      });
    }
    // 4. PATCH chunks, persisting the offset after each one.
    const target: string = url;
    let again = false;
    while (offset < bytes.byteLength && !again) {
      const body = bytes.subarray(offset, Math.min(bytes.byteLength, offset + chunk));
      const res = await call(target, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
        },
        body: body as Uint8Array<ArrayBuffer>,
      });
      if (!res) return err('network', 'upload interrupted');
      if (res.status === 204 || res.status === 200) {
        offset = Number(res.headers.get('upload-offset') ?? offset + body.byteLength);
        await updateBlobState(db, sha256, { offset });
        chunk = Math.min(MAX_CHUNK, chunk * 2);
      } else if (res.status === 409) {
        again = true; // offset mismatch: re-read it with HEAD
      } else if (res.status === 404 || res.status === 410 || res.status === HASH_MISMATCH_STATUS) {
        const damaged = await restart(res.status);
        if (damaged) return damaged;
        url = undefined;
        offset = 0;
        again = true;
      } else if (res.status === 401) {
        return { status: 'auth' };
      } else if (res.status === 413 || res.status === 415) {
        return err(`http_${res.status}`, 'server refuses this image', true);
      } else {
        return err(`http_${res.status}`, 'upload failed');
      }
    }
    if (!again) return verify();
  }
}
