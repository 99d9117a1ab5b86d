// Module worker: the heavy part of taking a photo (decode, resize, encode, hash) off the main thread.
import { PhotoError } from './errors';
import { type ProcessOptions, processImage } from './process-image';

export type WorkerRequest = { id: number; file: Blob; opts: ProcessOptions };
export type WorkerReply =
  | { id: number; ok: true; result: Awaited<ReturnType<typeof processImage>> }
  | { id: number; ok: false; code: string; message: string };

self.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const { id, file, opts } = ev.data;
  let reply: WorkerReply;
  try {
    reply = { id, ok: true, result: await processImage(file, opts) };
  } catch (e) {
    reply = {
      id,
      ok: false,
      code: e instanceof PhotoError ? e.code : 'decode',
      message: String((e as Error)?.message ?? e),
    };
  }
  (self as unknown as Worker).postMessage(reply);
};
