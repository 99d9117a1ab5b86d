// One POST /api/v1/sync, classified into what the engine must do next (docs/architecture.md §Errors).
// Never throws: every failure is a value, so no error can skip the bookkeeping.
import { GapError, SyncResponse, type SyncRequest } from '../../shared/protocol';
import { parseRetryAfter } from './backoff';

export const SYNC_PATH = '/api/v1/sync';
export const REQUEST_TIMEOUT_MS = 30_000;

export type TransportResult =
  | { kind: 'ok'; res: SyncResponse }
  | { kind: 'auth' } // 401: sign in again; outbox untouched
  | { kind: 'gap'; expected: number } // 409: resend from `expected`
  | { kind: 'too_large' } // 413: halve the batch
  | { kind: 'update_required' } // 426: this app version may not sync
  | { kind: 'retry_after'; status: number; delayMs: number | null } // 429/503
  | { kind: 'transient'; code: string; message: string }; // network, timeout, 5xx, garbage

export type TransportOptions = {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs?: number;
};

export async function postSync(req: SyncRequest, o: TransportOptions): Promise<TransportResult> {
  let response: Response;
  try {
    response = await o.fetch(`${o.baseUrl}${SYNC_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: JSON.stringify(req),
      signal: AbortSignal.timeout(o.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    const name = (e as { name?: string }).name;
    const code = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
    return { kind: 'transient', code, message: (e as Error).message ?? String(e) };
  }
  const s = response.status;
  if (s === 200) {
    const body = await readJson(response);
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
    const gap = GapError.safeParse(await readJson(response));
    if (gap.success) return { kind: 'gap', expected: gap.data.expected };
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
  const message =
    typeof (body as { message?: unknown })?.message === 'string'
      ? (body as { message: string }).message
      : response.statusText;
  return { kind: 'transient', code: `http_${s}`, message };
}

async function readJson(r: Response): Promise<unknown> {
  try {
    return await r.json();
  } catch {
    return null;
  }
}
