// One export at a time per key (a visit, the overview): progress, cancel (AbortController
// threaded through the pipeline) and a status message, as Solid signals. The job lives outside
// the component tree on purpose: the visit page may re-render its subtree while data syncs, and
// a running export (and its progress bar) must survive that; leaving the page does not cancel it.
import { createRoot, createSignal } from 'solid-js';
import type { ExportOptions } from './export-jobs';
import type { MissingPhoto } from './fetch-photos';

/** `photos`: the step that loads missing full images ("Fotos laden: 3 von 12"). */
export type JobState = { label: string; done: number; total: number; photos?: true } | null;
/** Photos that could not be loaded: the person answers "export without them" (true) or cancel. */
export type MissingQuestion = { missing: MissingPhoto[]; answer(withoutThem: boolean): void };
type Texts = () => { cancelled: string; failed: string };

function makeJob(texts: Texts) {
  const [state, setState] = createSignal<JobState>(null);
  const [message, setMessage] = createSignal('');
  /** The print view's document, when one is open (kept here for the same reason). */
  const [view, setView] = createSignal<{ html: string; urls: string[] } | null>(null);
  const [question, setQuestion] = createSignal<MissingQuestion | null>(null);
  let ctrl: AbortController | null = null;

  /** Shows the missing photos and waits for the answer; a cancel answers "no". */
  function ask(missing: MissingPhoto[], signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const answer = (ok: boolean) => {
        signal.removeEventListener('abort', onAbort);
        setQuestion(null);
        resolve(ok);
      };
      const onAbort = () => answer(false);
      signal.addEventListener('abort', onAbort);
      setQuestion({ missing, answer });
    });
  }

  async function run(
    label: string,
    work: (opts: ExportOptions) => Promise<string | void>,
  ): Promise<void> {
    if (ctrl) return;
    const mine = new AbortController();
    ctrl = mine;
    setMessage('');
    setState({ label, done: 0, total: 0 });
    try {
      const msg = await work({
        signal: mine.signal,
        onProgress: (done, total) => setState({ label, done, total }),
        photos: {
          onProgress: (done, total) => setState({ label, done, total, photos: true }),
          decide: (missing) => ask(missing, mine.signal),
        },
      });
      setMessage(msg ?? '');
    } catch (e) {
      const err = e as Error;
      const aborted = err.name === 'AbortError' || mine.signal.aborted;
      setMessage(
        aborted ? texts().cancelled : texts().failed.replace('{msg}', err.message || String(e)),
      );
      if (!aborted) console.warn('export failed', e);
    } finally {
      ctrl = null;
      setState(null);
    }
  }

  return { state, message, run, cancel: () => ctrl?.abort(), view, setView, question };
}

export type ExportJob = ReturnType<typeof makeJob>;
const jobs = new Map<string, ExportJob>();

export function useExportJob(key: string, texts: Texts): ExportJob {
  let job = jobs.get(key);
  if (!job) {
    job = createRoot(() => makeJob(texts));
    jobs.set(key, job);
  }
  return job;
}
