// Named errors of the local store. The UI turns them into messages in its language.

export type Issue = { path: string; code: string; message: string };

/** Input failed the shared schema; nothing was written. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    readonly entity: string,
    readonly issues: Issue[],
  ) {
    super(
      `Invalid ${entity}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** The record to change does not exist on this device (or is deleted). */
export class RecordNotFoundError extends Error {
  override name = 'RecordNotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** The browser refused the write for lack of space; nothing was written. */
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(cause?: unknown) {
    super('Device storage is full', { cause });
  }
}

/** QuotaExceededError, also when Dexie or another layer wraps it (e.inner, e.cause). */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const err = e as {
    name?: unknown;
    code?: unknown;
    inner?: unknown;
    cause?: unknown;
    failures?: unknown;
  };
  if (
    err.name === 'QuotaExceededError' ||
    err.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    err.code === 22
  )
    return true;
  if (err instanceof StorageFullError) return true;
  if (isQuotaError(err.inner, depth + 1) || isQuotaError(err.cause, depth + 1)) return true;
  return Array.isArray(err.failures) && err.failures.some((f) => isQuotaError(f, depth + 1));
}

export function zodIssues(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string }>;
}): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    code: i.code,
    message: i.message,
  }));
}
