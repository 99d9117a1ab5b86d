// The error a mutation's validation or authorization throws; the push turns it into a rejection record.
import type { RejectionCode } from '../../shared/protocol';
import type { z } from '../../shared/zod';

export class MutationRejected extends Error {
  override name = 'MutationRejected';
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly path: string | null = null,
  ) {
    super(message);
  }
}

export function zodRejection(error: z.ZodError): MutationRejected {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : null;
  return new MutationRejected(
    'invalid',
    issue ? `${path ?? 'fields'}: ${issue.message}` : 'invalid fields',
    path,
  );
}
