// Runs processImage in a module worker when the browser can (Worker + OffscreenCanvas +
// createImageBitmap), otherwise on the main thread. One worker, one photo at a time.
import { PHOTO_ERROR, PhotoError, isPhotoErrorCode } from './errors';
import { type ProcessOptions, type ProcessedPhoto, processImage } from './process-image';
import type { WorkerReply, WorkerRequest } from './photo-worker';

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, { ok(r: ProcessedPhoto): void; fail(e: Error): void }>();

export function workerSupported(): boolean {
  return (
    !broken &&
    typeof Worker !== 'undefined' &&
    typeof OffscreenCanvas !== 'undefined' &&
    typeof createImageBitmap === 'function' &&
    'convertToBlob' in OffscreenCanvas.prototype
  );
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./photo-worker.ts', import.meta.url), {
    type: 'module',
    name: 'photo-processor',
  });
  w.onmessage = (ev: MessageEvent<WorkerReply>) => {
    const r = ev.data;
    const p = waiting.get(r.id);
    waiting.delete(r.id);
    if (!p) return;
    if (r.ok) p.ok(r.result);
    else p.fail(new PhotoError(isPhotoErrorCode(r.code) ? r.code : PHOTO_ERROR.decode, r.message));
  };
  w.onerror = (ev) => {
    // A worker that cannot start (CSP, old engine): fail the waiting photos over to the main thread.
    ev.preventDefault();
    broken = true;
    worker = null;
    for (const [id, p] of waiting) {
      waiting.delete(id);
      p.fail(new WorkerUnavailableError());
    }
  };
  worker = w;
  return w;
}

class WorkerUnavailableError extends Error {
  override name = 'WorkerUnavailableError';
}

export async function processPhoto(file: Blob, opts: ProcessOptions): Promise<ProcessedPhoto> {
  if (!workerSupported()) return processImage(file, opts);
  try {
    return await new Promise<ProcessedPhoto>((ok, fail) => {
      const id = nextId++;
      waiting.set(id, { ok, fail });
      getWorker().postMessage({ id, file, opts } satisfies WorkerRequest);
    });
  } catch (e) {
    if (e instanceof WorkerUnavailableError) return processImage(file, opts);
    throw e;
  }
}
