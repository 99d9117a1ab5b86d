// One POST /api/v1/sync, classified into what the engine must do next (docs/architecture.md §Errors).
// Never throws: every failure is a value, so no error can skip the bookkeeping.
import { GapError, PROTOCOL_VERSION, SyncResponse, type SyncRequest } from '../../shared/protocol';
import { parseRetryAfter } from './backoff';
import { syncBody } from './gzip-body';

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
  /**
   * Called once with the page's cursor and hasMore as soon as they have arrived, before the rest
   * of the answer (the server writes them before the changes, docs/architecture.md §Pull). A hint
   * only: the answer is validated whole afterwards, and a head that cannot be read is skipped.
   */
  onHead?: (head: PageHead) => void;
  /** Send a long body gzip-compressed (gzip-body.ts); default on. */
  gzip?: boolean;
  /**
   * Called when a compressed body was refused and the same request sent plain was not: the way to
   * the server cannot carry compressed bodies, so the caller sends the next ones plain at once.
   */
  onGzipRefused?: () => void;
};

/** The beginning of a sync answer: enough to ask for the next page. */
export type PageHead = { cursor: string; hasMore: boolean; reset: boolean };

/** Error codes of a 400 that mean "this app speaks a protocol the server does not". */
const UPGRADE_CODES = new Set(['upgrade_required', 'unsupported_protocol']);

export async function postSync(req: SyncRequest, o: TransportOptions): Promise<TransportResult> {
  const signal = linkedSignal(o.signal, AbortSignal.timeout(o.timeoutMs ?? REQUEST_TIMEOUT_MS));
  try {
    return await send(JSON.stringify(req), o, signal.signal);
  } finally {
    signal.release();
  }
}

/** Posts the request's JSON; `plain`: uncompressed (the server refused a gzip body). */
async function send(
  json: string,
  o: TransportOptions,
  signal: AbortSignal,
  plain = false,
): Promise<TransportResult> {
  let response: Response;
  const sent = plain || o.gzip === false ? { body: json, gzip: false } : await syncBody(json);
  try {
    response = await o.fetch(`${o.baseUrl}${SYNC_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${o.token}`,
        ...(sent.gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      body: sent.body,
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
    const body = o.onHead ? await readStreaming(response, o.onHead) : await readJson(response);
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
  // A server that takes no compressed body (415), or a proxy before it that dropped the
  // Content-Encoding header or re-coded the bytes (400: not JSON, not gzip): the same request,
  // plain, once. A 400 the plain body gets too is the answer.
  if ((s === 415 || s === 400) && sent.gzip) {
    const plain = await send(json, o, signal, true);
    if (answeredPlain(plain)) o.onGzipRefused?.();
    return plain;
  }
  const message =
    typeof (body as { message?: unknown })?.message === 'string'
      ? (body as { message: string }).message
      : response.statusText;
  return { kind: 'transient', code: `http_${s}`, message };
}

/** The server answered a plain body with something else than refusing it (a network failure says nothing). */
function answeredPlain(r: TransportResult): boolean {
  if (r.kind === 'aborted') return false;
  if (r.kind !== 'transient') return true;
  return !['http_400', 'http_415', 'network', 'timeout'].includes(r.code);
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

/** The head is in the first bytes of an answer; a push's results can make it longer. */
const HEAD_MAX_CHARS = 64 * 1024;
const CHANGES_KEY = ',"changes":[';

/** The answer's JSON, read as it arrives; `onHead` hears its cursor before the changes come. */
async function readStreaming(r: Response, onHead: (h: PageHead) => void): Promise<unknown> {
  if (!r.body) return readJson(r);
  try {
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let looking = true;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (looking) {
        const head = peekHead(text);
        if (head !== undefined) looking = false;
        if (head) onHead(head);
      }
    }
    text += decoder.decode();
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The cursor and hasMore of an answer whose text starts with `text`: the head, null when it
 * cannot be read (not this protocol, changes not where the server puts them), undefined when
 * more text is needed.
 */
export function peekHead(text: string): PageHead | null | undefined {
  const at = text.indexOf(CHANGES_KEY);
  if (at < 0) return text.length > HEAD_MAX_CHARS ? null : undefined;
  let head: { protocol?: unknown; cursor?: unknown; hasMore?: unknown; reset?: unknown };
  try {
    // `,"changes":[` inside a string of the head leaves an unterminated string: a parse error.
    head = JSON.parse(`${text.slice(0, at)}}`) as typeof head;
  } catch {
    return null;
  }
  const { protocol, cursor, hasMore, reset } = head ?? {};
  return protocol === PROTOCOL_VERSION &&
    typeof cursor === 'string' &&
    /^\d+$/.test(cursor) &&
    typeof hasMore === 'boolean'
    ? { cursor, hasMore, reset: reset !== undefined }
    : null;
}

async function readJson(r: Response): Promise<unknown> {
  try {
    return await r.json();
  } catch {
    return null;
  }
}
