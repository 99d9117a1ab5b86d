// Photo bytes travel independently of row sync (docs/architecture.md §Photos): at most two uploads
// at a time, resumable, each finished only by a verifying HEAD. Local bytes are never deleted here.
// A full photo quota on the server (507 photo_quota_exceeded) is not retried with every sync run:
// that photo waits QUOTA_RETRY_MS before it is offered again, and blobState.refused shows it.
import type { AppDb } from '../db/schema';
import { listUploadable } from '../db/sync-blobs';
import { createRounds } from './rounds';
import { PHOTO_QUOTA_EXCEEDED, sendBlob, verifyBlob, type UploadResult } from './tus-upload';

const localError = (e: unknown): UploadResult => ({
  status: 'error',
  code: 'local_error',
  message: String(e),
  permanent: false,
});

export const UPLOAD_CONCURRENCY = 2;
/** How long a photo refused for the account's full quota waits before it is offered again. */
export const QUOTA_RETRY_MS = 3600_000;

export type UploadQueueOptions = {
  baseUrl: string;
  getToken(): string | null;
  fetch: typeof fetch;
  onAuthError(): void;
  /** Clock for the quota wait (tests); Date.now by default. */
  now?: () => number;
};
export type UploadQueue = {
  kick(): Promise<void>;
  stop(): void;
  failures(): ReadonlyMap<string, UploadResult>;
};

export function createUploadQueue(db: AppDb, o: UploadQueueOptions): UploadQueue {
  /** Last failure per hash; permanent ones are not retried in this session. */
  const failures = new Map<string, UploadResult>();
  /** When each photo was last refused for the quota. */
  const refusedAt = new Map<string, number>();
  const now = o.now ?? Date.now;
  const waitsForQuota = (sha: string) => now() - (refusedAt.get(sha) ?? -Infinity) < QUOTA_RETRY_MS;

  const rounds = createRounds(async (stopped) => {
    const todo = (await listUploadable(db)).filter((sha) => {
      const f = failures.get(sha);
      return !(f?.status === 'error' && f.permanent) && !waitsForQuota(sha);
    });
    let next = 0;
    let authLost = false;
    const worker = async () => {
      while (next < todo.length && !stopped() && !authLost) {
        const sha = todo[next++]!;
        const token = o.getToken();
        if (!token) return;
        const access = { baseUrl: o.baseUrl, token, fetch: o.fetch };
        const record = (r: UploadResult) => {
          if (r.status === 'uploaded') failures.delete(sha);
          else failures.set(sha, r);
          if (r.status === 'error' && r.code === PHOTO_QUOTA_EXCEEDED) refusedAt.set(sha, now());
          else refusedAt.delete(sha);
          if (r.status === 'auth' && !authLost) {
            authLost = true;
            o.onAuthError();
          }
        };
        const sent = await sendBlob(db, sha, access).catch(localError);
        // The verifying HEAD runs beside the next upload: it moves no bytes, so it does not
        // count against the two concurrent uploads and its round trip is hidden.
        if (sent.status === 'sent')
          verifying.push(verifyBlob(db, sha, access).catch(localError).then(record));
        else record(sent);
      }
    };
    const verifying: Promise<void>[] = [];
    await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, worker));
    await Promise.all(verifying);
    // Transient failures wait for the next kick (after the next sync run), not a hot loop.
    return !authLost && ![...failures.values()].some((f) => f.status === 'error');
  });
  // Bytes a failed round leaves stay 'local' for the next kick.
  return { ...rounds, failures: () => failures };
}
