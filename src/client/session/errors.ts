// Named errors of the accounts API, kept apart from api.ts so the sign-in screen can tell
// them apart without loading the (lazy) API client and its schemas.

/** 401: wrong credentials, or the token is invalid/expired/revoked. Never touches the outbox. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}
/** 429: too many sign-in attempts. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
}
/** No answer from the server (offline, DNS, timeout). */
export class NetworkError extends Error {
  override name = 'NetworkError';
}
/**
 * Any other non-2xx answer: `code` is the server's `error` field, `path` the field it names.
 * The message is the server's developer detail; the UI shows words chosen by `code`.
 */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Throws the named error for a failed answer (401, 429, any other non-2xx); returns on success. */
export async function throwUnlessOk(res: Response): Promise<void> {
  if (res.status === 401) throw new UnauthorizedError('unauthorized');
  if (res.status === 429) throw new RateLimitedError('rate limited');
  if (res.ok) return;
  const body = (await res.json().catch(() => ({}))) as {
    error?: string;
    message?: string;
    path?: string;
  };
  throw new ApiRequestError(
    res.status,
    body.error ?? `http_${res.status}`,
    body.message ?? res.statusText,
    body.path,
  );
}
