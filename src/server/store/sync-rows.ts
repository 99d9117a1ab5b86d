// The sync store's rows, read into domain types and written from them, for both stores
// (store/sqlite/sync-repo.ts, store/postgres/sync-repo.ts): records, conflicts, rejections and
// applied mutations. Both keep the same text in the same columns; only flags differ as read
// (row-values.ts), and SQLite binds a boolean as 0/1 itself. The SQL stays with each store.
import type { EntityName } from '../../shared/domain/schemas';
import type { MutationResult } from '../../shared/protocol';
import { fieldWritersOf, storedWriters } from './field-writers';
import { isSet, jsonText, parsedJson, type StoredFlag } from './row-values';
import type {
  AppliedMutation,
  ChildState,
  PriorApplication,
  StoredConflict,
  StoredRecord,
  StoredRejection,
} from './types';

/** A records row as both stores answer it. */
export type RecordRow = {
  entity: string;
  id: string;
  site_id: string | null;
  visit_id: string | null;
  data: string;
  field_versions: string;
  field_writers: string;
  version: number;
  created_seq: number;
  seq: number;
  deleted: StoredFlag;
  deleted_seq: number | null;
  deleted_by_cascade: StoredFlag;
  created_by: string | null;
  updated_by: string | null;
  created_at: string | null;
  updated_at: string | null;
};

export function toRecord(r: RecordRow): StoredRecord {
  const fieldVersions = JSON.parse(r.field_versions) as Record<string, number>;
  return {
    entity: r.entity as EntityName,
    id: r.id,
    siteId: r.site_id,
    visitId: r.visit_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
    fieldVersions,
    fieldWriters: fieldWritersOf(fieldVersions, r.field_writers),
    version: r.version,
    createdSeq: r.created_seq,
    seq: r.seq,
    deleted: isSet(r.deleted),
    deletedSeq: r.deleted_seq,
    deletedByCascade: isSet(r.deleted_by_cascade),
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns of a record's state without its data (SyncStore.childStates). */
export type ChildStateRow = Pick<
  RecordRow,
  'entity' | 'id' | 'deleted' | 'deleted_by_cascade' | 'field_versions' | 'field_writers'
>;

export function toChildState(r: ChildStateRow): ChildState {
  const fieldVersions = JSON.parse(r.field_versions) as Record<string, number>;
  return {
    entity: r.entity as EntityName,
    id: r.id,
    deleted: isSet(r.deleted),
    deletedByCascade: isSet(r.deleted_by_cascade),
    fieldVersions,
    fieldWriters: fieldWritersOf(fieldVersions, r.field_writers),
  };
}

/** What SyncStore.writeRecord stores in a records row. */
export type RecordColumns = {
  entity: EntityName;
  id: string;
  siteId: string | null;
  visitId: string | null;
  /** The data as JSON text: its UTF-8 bytes are what the writer is charged. */
  data: string;
  fieldVersions: string;
  fieldWriters: string;
  version: number;
  createdSeq: number;
  seq: number;
  deleted: boolean;
  deletedSeq: number | null;
  deletedByCascade: boolean;
  /** The photo hashes the row names (blob reads and retention look them up). */
  sha256: string | null;
  thumbSha256: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string | null;
  updatedAt: string | null;
};

export function recordColumns(r: StoredRecord): RecordColumns {
  return {
    entity: r.entity,
    id: r.id,
    siteId: r.siteId,
    visitId: r.visitId,
    data: JSON.stringify(r.data),
    fieldVersions: JSON.stringify(r.fieldVersions),
    fieldWriters: storedWriters(r.fieldVersions, r.fieldWriters),
    version: r.version,
    createdSeq: r.createdSeq,
    seq: r.seq,
    deleted: r.deleted,
    deletedSeq: r.deletedSeq,
    deletedByCascade: r.deletedByCascade,
    sha256: typeof r.data['sha256'] === 'string' ? r.data['sha256'] : null,
    thumbSha256: typeof r.data['thumbSha256'] === 'string' ? r.data['thumbSha256'] : null,
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
    createdAt: r.createdAt ?? null,
    updatedAt: r.updatedAt ?? null,
  };
}

/** A conflicts row as both stores answer it. */
export type ConflictRow = {
  id: string;
  entity: string;
  entity_id: string;
  site_id: string | null;
  kind: string;
  field: string | null;
  server_value: string | null;
  client_value: string | null;
  mutation_id: string;
  author: string;
  author_id: string | null;
  server_author_id: string | null;
  client_id: string | null;
  status: string;
  resolution: string | null;
  created_at: string;
};

export function toConflict(r: ConflictRow): StoredConflict {
  return {
    id: r.id,
    entity: r.entity as EntityName,
    entityId: r.entity_id,
    siteId: r.site_id,
    kind: r.kind as StoredConflict['kind'],
    field: r.field,
    serverValue: parsedJson(r.server_value),
    clientValue: parsedJson(r.client_value),
    mutationId: r.mutation_id,
    author: r.author,
    authorId: r.author_id,
    serverAuthorId: r.server_author_id,
    clientId: r.client_id,
    status: r.status as StoredConflict['status'],
    resolution: r.resolution as StoredConflict['resolution'],
    createdAt: r.created_at,
  };
}

/** What SyncStore.insertConflict stores in a conflicts row (besides its seq). */
export function conflictColumns(c: StoredConflict) {
  return {
    id: c.id,
    entity: c.entity,
    entityId: c.entityId,
    siteId: c.siteId,
    kind: c.kind,
    field: c.field,
    serverValue: jsonText(c.serverValue),
    clientValue: jsonText(c.clientValue),
    mutationId: c.mutationId,
    author: c.author,
    status: c.status,
    resolution: c.resolution,
    createdAt: c.createdAt,
    authorId: c.authorId ?? null,
    serverAuthorId: c.serverAuthorId ?? null,
    clientId: c.clientId ?? null,
  };
}

/** The open field conflict a later save joins, as SyncStore.openFieldConflict answers it. */
export const toOpenFieldConflict = (r: { id: string; client_value: string | null }) => ({
  id: r.id,
  clientValue: parsedJson(r.client_value),
});

/** What SyncStore.insertRejection stores in a rejections row (besides its seq). */
export function rejectionColumns(r: StoredRejection) {
  return {
    id: r.id,
    mutationId: r.mutationId,
    clientId: r.clientId,
    userId: r.userId,
    entity: r.entity,
    entityId: r.entityId,
    code: r.code,
    message: r.message,
    path: r.path,
    payload: jsonText(r.payload),
    createdAt: r.createdAt,
  };
}

/** An applied_mutations row as SyncStore.applied and priorApplication read it. */
export type AppliedRow = { mutation_id: string; result_json: string };

export const toApplied = (r: AppliedRow | null | undefined): AppliedMutation | null =>
  r ? { mutationId: r.mutation_id, result: JSON.parse(r.result_json) as MutationResult } : null;

/** priorApplication's row: the user's own application first, else any other (own 0). */
export const toPriorApplication = (
  r: (AppliedRow & { own: number | boolean }) | null | undefined,
): PriorApplication => ({ own: r && isSet(r.own) ? toApplied(r) : null, used: !!r });

/**
 * The values of an applied_mutations row in column order: client_id, client_seq, mutation_id,
 * status, result_json, server_seq, applied_at.
 */
export const appliedValues = (
  clientId: string,
  clientSeq: number,
  mutationId: string,
  result: MutationResult,
  now: string,
): unknown[] => [
  clientId,
  clientSeq,
  mutationId,
  result.status,
  JSON.stringify(result),
  result.serverSeq ?? null,
  now,
];
