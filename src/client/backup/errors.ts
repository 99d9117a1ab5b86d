// Why a backup file was refused. Import writes nothing in every one of these cases.
import type { Issue } from '../db/errors';

export const BACKUP_ERROR_CODES = {
  /** Not a readable ZIP, or a part of it is not readable JSON. */
  damaged: 'damaged',
  /** A readable ZIP, but not a Standortbesuch export. */
  foreign: 'foreign',
  /** Made by a newer app version than this one. */
  tooNew: 'too-new',
  /** Ours, but a record, outbox entry or photo fails validation or its hash. */
  invalid: 'invalid',
} as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[keyof typeof BACKUP_ERROR_CODES];

export class BackupFileError extends Error {
  override name = 'BackupFileError';
  constructor(
    readonly code: BackupErrorCode,
    readonly issues: Issue[] = [],
    cause?: unknown,
  ) {
    super(
      `Backup file ${code}${
        issues.length
          ? `: ${issues
              .slice(0, 3)
              .map((i) => `${i.path}: ${i.message}`)
              .join('; ')}`
          : ''
      }`,
      { cause },
    );
  }
}
