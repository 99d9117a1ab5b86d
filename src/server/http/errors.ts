// Every non-2xx API answer is an ApiError body ({ error, message, path? }). Client mistakes
// (bad JSON, schema violations, wrong content type, oversized bodies) are 4xx, never 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError, ApiErrorCode } from '../../shared/protocol';
import { z } from '../../shared/zod';
import { AccountError } from '../auth/accounts';

export class ApiHttpError extends Error {
  override name = 'ApiHttpError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly path?: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function zodHttpError(error: z.ZodError): ApiHttpError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return new ApiHttpError(
    400,
    'invalid',
    issue ? `${path || 'body'}: ${issue.message}` : 'invalid request',
    path,
  );
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  path?: string,
  headers: Record<string, string> = {},
) {
  const body: ApiError = { error: code, message, ...(path !== undefined ? { path } : {}) };
  return c.json(body, status, headers);
}

/** 429 with Retry-After: a rate limiter said to wait `wait` seconds. */
export function rateLimited(c: Context, wait: number, message: string) {
  return apiError(c, 429, 'rate_limited', message, undefined, { 'Retry-After': String(wait) });
}

export function onError(err: Error, c: Context) {
  if (err instanceof ApiHttpError) {
    return c.json(
      {
        error: err.code,
        message: err.message,
        ...(err.path !== undefined ? { path: err.path } : {}),
        ...err.extra,
      },
      err.status,
      err.headers,
    );
  }
  if (err instanceof AccountError) return apiError(c, err.status, err.code, err.message, err.path);
  if (err instanceof z.ZodError) {
    const e = zodHttpError(err);
    return apiError(c, 400, e.code, e.message, e.path);
  }
  if (err instanceof HTTPException)
    return apiError(
      c,
      err.status as ContentfulStatusCode,
      'http_error',
      err.message || 'request failed',
    );
  console.error(
    JSON.stringify({
      event: 'error',
      method: c.req.method,
      path: c.req.path,
      message: err.message,
      stack: err.stack,
    }),
  );
  return apiError(c, 500, 'internal', 'Interner Serverfehler');
}
