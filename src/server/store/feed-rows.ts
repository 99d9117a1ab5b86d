// Rows of the change feed made into Change objects, for both stores (store/sqlite/feed-repo.ts,
// store/postgres/feed-repo.ts). A feed row is a record (kind r), a conflict (c) or a rejection
// (x) with its seq and version; records carry their authors. Each store builds a row's object
// (SQLite as JSON in SQL, PostgreSQL from an array of columns) and pages the rows itself.
import type { EntityName } from '../../shared/domain/schemas';
import type { Change } from '../../shared/protocol';
import { isSet, type StoredFlag } from './row-values';

/** One row of a feed query; `data` is the row's JSON text (its shape depends on the store for c and x). */
export type FeedRow = {
  seq: number;
  kind: 'r' | 'c' | 'x';
  entity: string;
  id: string;
  version: number;
  deleted: StoredFlag;
  data: string;
  /** Authors, on records only (null on conflicts and rejections). */
  created_by: string | null;
  created_by_name: string | null;
  created_at: string | null;
  updated_by: string | null;
  updated_by_name: string | null;
  updated_at: string | null;
};

/** What a change adds to the answer besides its row's JSON (keys, ids, seq, version, authors). */
export const CHANGE_OVERHEAD_BYTES = 400;

/** The change a feed row stands for, with `row` its object as the store built it. */
export function toChange(r: FeedRow, row: Record<string, unknown> | null): Change {
  return {
    seq: r.seq,
    entity: r.kind === 'r' ? (r.entity as EntityName) : r.kind === 'c' ? 'conflict' : 'rejection',
    entityId: r.id,
    version: r.version,
    deleted: isSet(r.deleted),
    row,
    ...(r.kind === 'r'
      ? {
          meta: {
            createdBy: r.created_by,
            createdByName: r.created_by_name,
            createdAt: r.created_at,
            updatedBy: r.updated_by,
            updatedByName: r.updated_by_name,
            updatedAt: r.updated_at,
          },
        }
      : {}),
  };
}
