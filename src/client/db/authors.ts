// Who created a row and who last changed it when (docs/architecture.md "Authors"). The server
// sends it with every pulled change as `meta`; a row keeps it as the local bookkeeping field
// `_by` (like `_v`), and a row written on this device before its next sync gets `_by` from the
// signed-in user at write time (write.ts). Nobody types it: it never travels in a mutation.
import type { RecordMeta } from '../../shared/protocol';

/** The `_by` field of a local row: the server's meta, or this device's own stamp until the next pull. */
export type RowAuthors = RecordMeta;

/**
 * Any record; the rows of every synced table carry `_by` once pulled or written here (typed as
 * `object` so the entity types, which do not declare the local field, can be passed as they are).
 */
export type WithAuthors = object;

/** What people read: the author's and the last editor's display names and when the row last changed. */
export type Authors = {
  /** Who created the record (null: unknown, e.g. records from before authors were kept). */
  author: string | null;
  /** Who changed it last (may be the author; null: unknown). */
  editor: string | null;
  /** When it last changed (ISO date-time; null: unknown). */
  editedAt: string | null;
  /** When it was created (ISO date-time; null: unknown). */
  createdAt: string | null;
  /**
   * Whether it was changed after it was recorded: by someone else than its author, or by its
   * author later than CAPTURE_WINDOW_MS after creating it (false when unknown).
   */
  edited: boolean;
};

/**
 * Changes the author makes within this time of creating a record belong to recording it (a card
 * is added, then its text typed): they do not count as "changed later".
 */
const CAPTURE_WINDOW_MS = 60 * 60 * 1000;

const NOBODY: Authors = {
  author: null,
  editor: null,
  editedAt: null,
  createdAt: null,
  edited: false,
};

/** The authors of a row (all null when the row carries none). */
export function authorsOf(row: WithAuthors | null | undefined): Authors {
  const by = (row as { _by?: RowAuthors | null } | null | undefined)?._by;
  if (!by) return NOBODY;
  const createdAt = by.createdAt ?? null;
  const editedAt = by.updatedAt ?? null;
  const edited =
    editedAt !== null &&
    (by.updatedBy !== by.createdBy ||
      (createdAt !== null && Date.parse(editedAt) - Date.parse(createdAt) > CAPTURE_WINDOW_MS));
  return {
    author: by.createdByName ?? null,
    editor: by.updatedByName ?? null,
    editedAt,
    createdAt,
    edited,
  };
}

/** The signed-in user who writes on this device (db-context gives it to the mutators). */
export type Writer = { id: string; name: string };

/**
 * `_by` after a local write: a new row gets the writer as author and editor; a changed row keeps
 * its author and gets the writer as last editor, `at` as time.
 */
export function stampAuthors(
  previous: RowAuthors | null | undefined,
  writer: Writer,
  at: string,
): RowAuthors {
  if (!previous) {
    return {
      createdBy: writer.id,
      createdByName: writer.name,
      createdAt: at,
      updatedBy: writer.id,
      updatedByName: writer.name,
      updatedAt: at,
    };
  }
  return { ...previous, updatedBy: writer.id, updatedByName: writer.name, updatedAt: at };
}

/**
 * `_by` of a row rebuilt from the server's state while this device still has queued changes of
 * it: the server knows who created it; the queued change, not yet on the server, is the latest,
 * so its writer (the local stamp) stays the last editor until the change is synced.
 */
export function withQueuedEdit(
  server: RowAuthors | null | undefined,
  local: RowAuthors | null | undefined,
): RowAuthors | undefined {
  if (!local) return server ?? undefined;
  if (!server) return local;
  const created =
    server.createdBy !== null
      ? {
          createdBy: server.createdBy,
          createdByName: server.createdByName,
          createdAt: server.createdAt ?? null,
        }
      : {
          createdBy: local.createdBy,
          createdByName: local.createdByName,
          createdAt: local.createdAt ?? null,
        };
  return {
    ...created,
    updatedBy: local.updatedBy,
    updatedByName: local.updatedByName,
    updatedAt: local.updatedAt,
  };
}
