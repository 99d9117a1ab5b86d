// One POST /api/v1/sync, classified into what the engine must do next (docs/architecture.md §Errors).
// Never throws: every failure is a value, so no error can skip the bookkeeping.
import { GapError, PROTOCOL_VERSION, SyncResponse, type SyncRequest } from '../../shared/protocol';
import { parseRetryAfter } from './backoff';

export const SYNC_PATH = '/api/v1/sync';
export const REQUEST_TIMEOUT_MS = 30_000;

export type TransportResult =
  | { kind: 'ok'; res: SyncResponse }
  | { kind: 'auth' } // 401: sign in again; outbox untouched
  | { kind: 'gap'; expected: number } // 409: resend from `expected`
  | { kind: 'seq_reused'; expected: number } // 409: another profile used our numbering: new identity
  | { kind: 'aborted' } // the engine stopped (logout): nothing to record
  | { kind: 'too_large' } // 413: halve the batch
  | { kind: 'update_required' } // 426, or a protocol the server does not speak: update the app
  | { kind: 'retry_after'; status: number; delayMs: number | null } // 429/503
  | { kind: 'transient'; code: string; message: string }; // network, timeout, 5xx, garbage

export type TransportOptions = {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs?: number;
  /** Aborts the request when the engine stops (logout waits for it). */
  signal?: AbortSignal;
};

/** Error codes of a 400 that mean "this app speaks a protocol the server does not". */
const UPGRADE_CODES = new Set(['upgrade_required', 'unsupported_protocol']);

export async function postSync(req: SyncRequest, o: TransportOptions): Promise<TransportResult> {
  const signal = linkedSignal(o.signal, AbortSignal.timeout(o.timeoutMs ?? REQUEST_TIMEOUT_MS));
  try {
    return await send(req, o, signal.signal);
  } finally {
    signal.release();
  }
}

async function send(
  req: SyncRequest,
  o: TransportOptions,
  signal: AbortSignal,
): Promise<TransportResult> {
  let response: Response;
  try {
    response = await o.fetch(`${o.baseUrl}${SYNC_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: JSON.stringify(req),
      signal,
    });
  } catch (e) {
    if (o.signal?.aborted) return { kind: 'aborted' };
    const name = (e as { name?: string }).name;
    const code = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
    return { kind: 'transient', code, message: (e as Error).message ?? String(e) };
  }
  const s = response.status;
  if (s === 200) {
    const body = await readJson(response);
    // A server that answers another protocol version needs another app: retrying cannot help.
    const protocol = (body as { protocol?: unknown } | null)?.protocol;
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION)
      return { kind: 'update_required' };
    const parsed = SyncResponse.safeParse(body);
    return parsed.success
      ? { kind: 'ok', res: parsed.data }
      : {
          kind: 'transient',
          code: 'bad_response',
          message: parsed.error.issues[0]?.message ?? 'invalid sync response',
        };
  }
  if (s === 401) return { kind: 'auth' };
  if (s === 409) {
    const body = await readJson(response);
    const gap = GapError.safeParse(body);
    if (gap.success) return { kind: 'gap', expected: gap.data.expected };
    const reused = body as { error?: unknown; expected?: unknown } | null;
    if (reused?.error === 'seq_reused')
      return {
        kind: 'seq_reused',
        expected: typeof reused.expected === 'number' ? reused.expected : 1,
      };
    return { kind: 'transient', code: 'http_409', message: 'conflict without gap body' };
  }
  if (s === 413) return { kind: 'too_large' };
  if (s === 426) return { kind: 'update_required' };
  if (s === 429 || s === 503)
    return {
      kind: 'retry_after',
      status: s,
      delayMs: parseRetryAfter(response.headers.get('retry-after'), o.now()),
    };
  const body = await readJson(response);
  const code = (body as { error?: unknown; path?: unknown } | null) ?? {};
  if (
    s === 400 &&
    ((typeof code.error === 'string' && UPGRADE_CODES.has(code.error)) ||
      (code.error === 'invalid' && code.path === 'protocol'))
  )
    return { kind: 'update_required' };
  const message =
    typeof (body as { message?: unknown })?.message === 'string'
      ? (body as { message: string }).message
      : response.statusText;
  return { kind: 'transient', code: `http_${s}`, message };
}

/**
 * A signal that aborts when any of `signals` does (AbortSignal.any is too new for older Safari).
 * `release()` removes its listeners once the request is over: the engine's stop signal lives as
 * long as the engine and must not collect one listener per request.
 */
export function linkedSignal(...signals: (AbortSignal | undefined)[]): {
  signal: AbortSignal;
  release(): void;
} {
  const both = new AbortController();
  const undo: (() => void)[] = [];
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) both.abort(s.reason);
    const on = () => both.abort(s.reason);
    s.addEventListener('abort', on, { once: true });
    undo.push(() => s.removeEventListener('abort', on));
  }
  return { signal: both.signal, release: () => undo.forEach((f) => f()) };
}

async function readJson(r: Response): Promise<unknown> {
  try {
    return await r.json();
  } catch {
    return null;
  }
}
