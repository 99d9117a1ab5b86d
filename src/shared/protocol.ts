// The sync wire protocol, shared by client and server (docs/architecture.md §Push, §Pull, §Errors).
// Versioned by PROTOCOL_VERSION and by the URL (/api/v1). Change only by adding.
import { z } from './zod';
import { EntityName, Id, IsoDateTime } from './domain/schemas';

export const PROTOCOL_VERSION = 1;
/**
 * Version of the mutation payload shapes; the server upcasts older ones.
 * 2: participants are rows of their own; a schema-1 `participants` list on a visit is
 * translated by the server (docs/adr/0007-participants-as-rows.md).
 */
export const SCHEMA_VERSION = 2;

/**
 * Oldest app the server serves, by the request's schemaVersion: an app of schema 1 cannot read
 * participant rows in its pull, so it gets 426 and asks for the update (its outbox is kept).
 * Mutations keep their own schemaVersion: an updated app still sends the schema-1 entries it
 * queued before the update, and the server translates them.
 */
export const MIN_SCHEMA_VERSION = 2;

export const MAX_MUTATIONS_PER_PUSH = 100;
export const MAX_PUSH_BYTES = 256 * 1024;
/**
 * Rows one pull page may hold; the server's byte bound (PULL_PAGE_BYTES) usually ends a page
 * first, so a page of small rows is as large in bytes as one of large rows (docs/architecture.md §Pull).
 */
export const MAX_PULL_LIMIT = 5000;

export const MutationOp = z.enum(['create', 'patch', 'delete', 'restore']);
export type MutationOp = z.infer<typeof MutationOp>;

/** Field values are JSON; each entity's schema validates them on both ends. */
export const Fields = z.record(z.string(), z.unknown());

export const Mutation = z.object({
  id: Id,
  clientSeq: z.number().int().min(1),
  entity: z.union([EntityName, z.literal('conflictResolution')]),
  entityId: Id,
  op: MutationOp,
  /** Server row version the user saw (null: never synced / new). */
  baseVersion: z.number().int().min(0).nullable(),
  fields: Fields,
  schemaVersion: z.number().int().min(1),
  clientTime: IsoDateTime,
});
export type Mutation = z.infer<typeof Mutation>;

export const SyncRequest = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  appVersion: z.string().max(50),
  schemaVersion: z.number().int().min(1),
  clientId: Id,
  /** Last server seq fully applied locally (decimal string), null on a fresh device. */
  cursor: z.string().regex(/^\d+$/).nullable(),
  /** Highest clientSeq ever enqueued on the device (loss detection). */
  outboxHighWater: z.number().int().min(0),
  mutations: z.array(Mutation).max(MAX_MUTATIONS_PER_PUSH),
  pullLimit: z.number().int().min(1).max(MAX_PULL_LIMIT),
});
export type SyncRequest = z.infer<typeof SyncRequest>;

export const MutationStatus = z.enum(['applied', 'duplicate', 'conflict', 'rejected']);
export type MutationStatus = z.infer<typeof MutationStatus>;

/** The words of every error on the wire: a message and, when one field is at fault, its path. */
const ErrorText = { message: z.string(), path: z.string().optional() };

export const ErrorInfo = z.object({ code: z.string(), ...ErrorText });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const MutationResult = z.object({
  id: Id,
  clientSeq: z.number().int(),
  status: MutationStatus,
  serverSeq: z.number().int().optional(),
  conflictIds: z.array(Id).optional(),
  error: ErrorInfo.optional(),
  /** On a 'duplicate': the status the mutation got when it was first applied. */
  originalStatus: z.enum(['applied', 'conflict', 'rejected']).optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const ConflictKind = z.enum(['field', 'edit_on_deleted', 'delete_with_unseen_edits']);

/** Server-owned record of a concurrent edit; synced to every device that sees the entity. */
export const ConflictRecord = z.object({
  id: Id,
  entity: EntityName,
  entityId: Id,
  kind: ConflictKind,
  field: z.string().nullable(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  mutationId: Id,
  author: z.string(),
  // Both sides by account (docs/architecture.md §Merge), set by the server when it records the
  // conflict: the author sent clientValue; the server author wrote serverValue (null: unknown);
  // serverAuthorName is that account's name at pull time.
  authorId: z.string().nullable().optional(),
  serverAuthorId: z.string().nullable().optional(),
  serverAuthorName: z.string().nullable().optional(),
  status: z.enum(['open', 'resolved']),
  resolution: z.enum(['mine', 'theirs', 'edited']).nullable(),
  createdAt: IsoDateTime,
});
export type ConflictRecord = z.infer<typeof ConflictRecord>;

/**
 * Why the server refused a mutation (RejectionRecord.code, MutationResult.error.code). The
 * wire keeps a plain string so an older client still accepts a newer code; the client shows
 * words chosen by the code (src/client/i18n/sync.ts), never the server's English message.
 */
export const REJECTION_CODES = [
  'invalid',
  'forbidden',
  'not_found',
  'purged',
  'parent_missing',
  'immutable_field',
  'id_conflict',
  'duplicate_mutation_id',
  'schema_too_new',
  // limits (docs/architecture.md §Push step 3): JSON nested too deep, one record too large,
  // the account's stored bytes at its quota
  'too_deep',
  'too_large',
  'quota_exceeded',
  // the review loop (docs/architecture.md §Review): a status move the person may not make; a
  // write to an approved visit, or a create/delete/restore in a submitted one, by a visitor
  'status_transition',
  'visit_approved',
  'visit_submitted',
  // checklist templates (docs/architecture.md §Templates): a change of the title, sections or
  // items of a version that checklist items use (the editor makes a new version instead)
  'template_in_use',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A mutation the server could not apply; synced back to its author, never blocks the queue. */
export const RejectionRecord = z.object({
  id: Id,
  mutationId: Id,
  clientId: Id,
  entity: z.string(),
  entityId: z.string(),
  code: z.string(),
  message: z.string(),
  path: z.string().nullable(),
  payload: z.unknown(),
  createdAt: IsoDateTime,
});
export type RejectionRecord = z.infer<typeof RejectionRecord>;

export const ChangeEntity = z.union([EntityName, z.literal('conflict'), z.literal('rejection')]);
export type ChangeEntity = z.infer<typeof ChangeEntity>;

/**
 * Who created a synced record and who last changed it when, set by the server from the accounts
 * that pushed (never from a mutation's fields): ids, display names at pull time, ISO times.
 */
export const RecordMeta = z.object({
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: IsoDateTime.nullable().optional(),
  updatedBy: z.string().nullable(),
  updatedByName: z.string().nullable(),
  updatedAt: IsoDateTime.nullable(),
});
export type RecordMeta = z.infer<typeof RecordMeta>;

export const Change = z.object({
  seq: z.number().int(),
  entity: ChangeEntity,
  entityId: Id,
  version: z.number().int(),
  deleted: z.boolean(),
  /** Current full state of the row (null for a purged row). */
  row: z.record(z.string(), z.unknown()).nullable(),
  /** Authors of a synced entity's row (docs/architecture.md "Authors"); absent on conflicts/rejections. */
  meta: RecordMeta.optional(),
});
export type Change = z.infer<typeof Change>;

export const SyncResponse = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  results: z.array(MutationResult),
  /** The server's contiguous applied clientSeq for this clientId. */
  lastClientSeq: z.number().int(),
  changes: z.array(Change),
  cursor: z.string().regex(/^\d+$/),
  hasMore: z.boolean(),
  reset: z.object({ reason: z.enum(['cursor_too_old', 'scope_changed']) }).optional(),
  minSchemaVersion: z.number().int(),
  serverTime: IsoDateTime,
});
export type SyncResponse = z.infer<typeof SyncResponse>;

/** 409 body when a push skips client sequence numbers. */
export const GapError = z.object({ error: z.literal('gap'), expected: z.number().int() });

/** Fields of a mutation with entity 'conflictResolution' (its entityId is the conflict id). */
export const ConflictResolutionFields = z.object({
  conflictId: Id,
  resolution: z.enum(['mine', 'theirs', 'edited']),
  /** 'edited': the value to keep (for kind 'field' the field's value, otherwise an object of fields). */
  value: z.unknown().optional(),
  /**
   * The conflict's mutationId as the person saw it: a later save of the same device may have
   * joined the conflict since (docs/architecture.md §Merge), and a decision never sets aside a
   * value nobody deciding has seen.
   */
  seen: Id.optional(),
});
export type ConflictResolutionFields = z.infer<typeof ConflictResolutionFields>;

/**
 * Every `error` code a non-2xx API answer can carry. The server may only use these (its error
 * classes take an ApiErrorCode); the client has words for each (src/client/i18n/server.ts). The
 * wire keeps a plain string so an older client still accepts a newer code.
 */
export const API_ERROR_CODES = [
  // requests
  'invalid',
  'invalid_json',
  'invalid_period', // a from date after the to date (activity log)
  'unsupported_media_type',
  'payload_too_large',
  'http_error',
  'not_found',
  'internal',
  'rate_limited',
  // accounts
  'unauthorized',
  'forbidden',
  'invalid_credentials',
  'invalid_invite',
  'email_taken',
  'self_lockout',
  // account administration (src/shared/auth.ts): a Quartiersmanagement account needs a live
  // site; an invite code shown again only while it is open, unexpired and readable
  'site_required',
  'unknown_site',
  'no_open_invite',
  'invite_expired',
  'invite_unreadable',
  // sync protocol (answered by the engine itself, docs/architecture.md §Errors)
  'gap',
  'seq_reused',
  // 426: a protocol this server does not speak, or a schema older than it upcasts; the body
  // names what it speaks: { error, message, protocol, minSchemaVersion }
  'upgrade_required',
  // photo uploads
  'tus_version',
  'too_large',
  'expired',
  'busy',
  'offset_mismatch',
  'hash_mismatch',
  'not_jpeg',
  'metadata_present',
  'corrupt_jpeg',
  'bad_dimensions',
  'too_many_pixels',
  'photo_quota_exceeded', // 507: the account's photo bytes reached PHOTO_QUOTA_BYTES
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Error body of every non-2xx API answer. */
export const ApiError = z.object({ error: z.string(), ...ErrorText });
export type ApiError = z.infer<typeof ApiError>;
