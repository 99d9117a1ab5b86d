// One export at a time per menu: progress, cancel (AbortController threaded through the
// pipeline) and a status message, as Solid signals.
import { createSignal, onCleanup } from 'solid-js';
import type { RenderOptions } from './records';

export type JobState = { label: string; done: number; total: number } | null;

export function createExportJob(texts: () => { cancelled: string; failed: string }) {
  const [state, setState] = createSignal<JobState>(null);
  const [message, setMessage] = createSignal('');
  let ctrl: AbortController | null = null;
  onCleanup(() => ctrl?.abort());

  async function run(label: string, work: (opts: RenderOptions) => Promise<string | void>): Promise<void> {
    if (ctrl) return;
    const mine = new AbortController();
    ctrl = mine;
    setMessage('');
    setState({ label, done: 0, total: 0 });
    try {
      const msg = await work({ signal: mine.signal, onProgress: (done, total) => setState({ label, done, total }) });
      setMessage(msg ?? '');
    } catch (e) {
      const err = e as Error;
      setMessage(err.name === 'AbortError' || mine.signal.aborted ? texts().cancelled : texts().failed.replace('{msg}', err.message || String(e)));
      if (!(err.name === 'AbortError' || mine.signal.aborted)) console.warn('export failed', e);
    } finally {
      ctrl = null;
      setState(null);
    }
  }

  return { state, message, run, cancel: () => ctrl?.abort() };
}
