// What the server keeps, described as the rest of the server sees it: every method takes and
// returns domain types (parsed JSON, booleans, camelCase), never storage rows. Two
// implementations do all the encoding (JSON text, flags, column names) inside: SQLite
// (store/sqlite/, the default) and PostgreSQL (store/postgres/). Other server code imports these
// types through store/store.ts.
//
// The interfaces below describe each store's methods as plain functions; the server sees them
// through Async<…> in a StoreTx: every method returns a promise and runs inside the transaction
// (or read snapshot) the StoreTx belongs to (ServerDb.writeTx, groupTx, readTx). Seq values come
// from SyncStore.nextSeq() inside a write transaction, and every write transaction first takes
// the one seq counter, so commit order equals seq order and a pull cursor never skips a row
// (docs/architecture.md invariant I5).
import type { User } from '../../shared/auth';
import type { EntityName, Role } from '../../shared/domain/schemas';
import type {
  Change,
  ConflictRecord,
  MutationResult,
  RejectionRecord,
} from '../../shared/protocol';
import type { MergeState } from '../../shared/sync/merge';
import type { ActivityStore } from './activity-types';
import type { TemplateStore } from './template-types';

/**
 * A synced record with its per-field versions. After the retention purge the row keeps its key
 * and tombstone but `data` is null at runtime (the type does not say so yet; apply-mutation.ts
 * checks for it before writing).
 */
export type StoredRecord = MergeState & {
  entity: EntityName;
  id: string;
  siteId: string | null;
  visitId: string | null;
  seq: number;
  deletedByCascade: boolean;
  createdBy: string | null;
  updatedBy: string | null;
  /** ISO time of the record's first write (null: from before it was kept). */
  createdAt?: string | null;
  /** ISO time of the last write to the record (its data or its delete flag). */
  updatedAt?: string | null;
};

/** A record's identity, delete flags and field versions, without its data. */
export type ChildState = Pick<
  StoredRecord,
  'entity' | 'id' | 'deleted' | 'deletedByCascade' | 'fieldVersions' | 'fieldWriters'
>;

/** Where a record sits and whether it is deleted or purged (its data JSON null), without parsing it. */
export type RecordPlace = { siteId: string | null; deleted: boolean; purged: boolean };

/** A visit's place and review state (SyncStore.visitPlace); status null when purged. */
export type VisitPlace = RecordPlace & VisitState;

/** What SyncStore.priorApplication answers. */
export type PriorApplication = { own: AppliedMutation | null; used: boolean };

/** A visit's review status (null: purged) and delete flag, read without parsing the visit. */
export type VisitState = { status: string | null; deleted: boolean };

/** A conflict record plus the site it belongs to (the scope of the change feed). */
/** A conflict record plus its site and the device that sent its second value (null: unknown). */
export type StoredConflict = ConflictRecord & { siteId: string | null; clientId?: string | null };

/** What makes a later save of a field one conflict with an open one (docs/architecture.md §Merge). */
export type FieldConflictKey = {
  entity: EntityName;
  entityId: string;
  field: string;
  clientId: string;
  authorId: string;
  serverValue: unknown;
  serverAuthorId: string | null;
};

/** A rejection record plus its author (only the author's devices pull it). */
export type StoredRejection = RejectionRecord & { userId: string };

/** A device's sync bookkeeping. */
export type ClientState = { userId: string; lastClientSeq: number; scopeKey: string | null };

/** What a device reported at its last sync. */
export type ClientSeen = {
  outboxHighWater: number;
  appVersion: string;
  schemaVersion: number;
  scopeKey: string;
  now: string;
};

/** The stored outcome of one applied mutation, answered again on a duplicate push. */
export type AppliedMutation = { mutationId: string; result: MutationResult };

/** A user as the server sees it: the public shape plus whether a password is set. */
export type UserRecord = User & { passwordHash: string | null };

export type NewUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  siteId: string | null;
  passwordHash: string | null;
  createdAt: string;
};

/** A bearer token, stored by its hash; times in epoch milliseconds. */
export type TokenRecord = {
  userId: string;
  /** When the token was issued: the start of its absolute lifetime. */
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
  revoked: boolean;
};

/** An invite code, stored by its hash; times in epoch milliseconds. */
export type InviteRecord = { userId: string; expiresAt: number; usedAt: number | null };

/**
 * An account's open invite (neither used nor voided; it may have expired); times in epoch ms.
 * createdAt is null and sealed is null for invites issued before they were kept showable.
 */
export type OpenInvite = {
  hash: string;
  createdAt: number | null;
  expiresAt: number;
  /** The code sealed under the server's invite key (auth/secrets.ts). */
  sealed: string | null;
};

/** A user with what the account list shows (docs/architecture.md §Auth). */
export type AccountRecord = UserRecord & {
  createdAt: string;
  lastSignInAt: string | null;
  /** The newest sync of any of the account's devices. */
  lastSyncAt: string | null;
  invite: OpenInvite | null;
};

export type BlobMeta = { size: number; mime: string };

/** An open resumable upload; times in epoch milliseconds. */
export type Upload = {
  id: string;
  userId: string;
  sha256: string;
  length: number;
  offset: number;
  createdAt: number;
  expiresAt: number;
};

export type InvariantReport = {
  /** Clients whose applied clientSeqs are not exactly 1..lastClientSeq. */
  seqHoles: { clientId: string; lastClientSeq: number; applied: number }[];
  /** Photo rows (not deleted) whose bytes the server does not have yet. */
  photosWithoutBytes: { photoId: string; sha256: string }[];
  /** Live children of a deleted visit, not written since the delete (the cascade missed them). */
  liveChildrenOfDeletedVisits: { entity: string; id: string; visitId: string }[];
  /** Rows with a seq above the global counter (the change feed could skip them). */
  seqAboveCounter: number;
  /** Informational: stored photo files no row references (swept after ORPHAN_GRACE_DAYS). */
  unreferencedPhotoBytes: { n: number; bytes: number };
  /** Informational: open uploads past their expiry (swept hourly). */
  expiredUploads: number;
};

/** Accounts, bearer tokens and invite codes. Secrets are stored only as hashes. */
export interface UsersStore {
  count(): number;
  /** Is there an enabled coordinator with a password (someone who can sign in and administer)? */
  hasUsableCoordinator(): boolean;
  byId(id: string): UserRecord | null;
  byEmail(email: string): UserRecord | null;
  /** All users, ordered by e-mail. */
  all(): UserRecord[];
  insert(u: NewUser): void;
  /** Stores name, role, siteId and disabled. */
  update(u: User): void;
  setPassword(userId: string, hash: string): void;

  insertToken(hash: string, userId: string, now: number, expiresAt: number): void;
  token(hash: string): TokenRecord | null;
  touchToken(hash: string, now: number, expiresAt: number): void;
  revokeToken(hash: string): void;
  /** Revokes every live token of the user; returns how many. */
  revokeUserTokens(userId: string): number;
  /** Deletes expired and revoked tokens. */
  purgeTokens(now: number): void;

  /** Voids the user's open invites and stores a new one (its hash and the sealed code). */
  replaceInvite(
    hash: string,
    userId: string,
    now: number,
    expiresAt: number,
    sealed: string | null,
  ): void;
  invite(hash: string): InviteRecord | null;
  /** Marks the invite used and drops its sealed code; false when it was used concurrently. */
  useInvite(hash: string, now: number): boolean;
  /** The user's open invite, or null. */
  openInvite(userId: string): OpenInvite | null;
  /** Every account with its activity and open invite, ordered by e-mail. */
  accounts(): AccountRecord[];
  /** Records a sign-in (password or invite code) at the ISO time `at`. */
  noteSignIn(userId: string, at: string): void;
}

/** Records, conflicts, rejections, per-device sequence bookkeeping and the change feed. */
export interface SyncStore {
  /** The newest seq handed out. */
  currentSeq(): number;
  /** Takes the next global seq (inside the caller's write transaction). */
  nextSeq(): number;

  client(clientId: string): ClientState | null;
  insertClient(clientId: string, userId: string): void;
  clientSeen(clientId: string, seen: ClientSeen): void;
  /**
   * What a pull without pushes reports (scope unchanged): outbox high-water (kept at its max),
   * app and schema version and last seen, unless a newer sync of the device was recorded already.
   */
  clientPulled(clientId: string, seen: Omit<ClientSeen, 'scopeKey'>): void;
  advanceClient(clientId: string, lastClientSeq: number): void;
  applied(clientId: string, clientSeq: number): AppliedMutation | null;
  /**
   * A mutation id's earlier applications, in one lookup: `own` its stored result under a device
   * of this user (server/sync/replay.ts), `used` whether any device applied it before (under
   * any clientSeq; another account's id is a rejection, apply-mutation.ts).
   */
  priorApplication(mutationId: string, userId: string): PriorApplication;
  insertApplied(
    clientId: string,
    clientSeq: number,
    mutationId: string,
    result: MutationResult,
    now: string,
  ): void;

  /** Record bytes charged to the account (docs/architecture.md §Push step 3, the record quota). */
  usage(userId: string): number;
  /** Adds `bytes` (may be negative) to the account's record bytes. */
  addUsage(userId: string, bytes: number): void;

  record(entity: EntityName, id: string): StoredRecord | null;
  /** The row's place and flags without parsing any JSON: a new child's check of its parent. */
  place(entity: EntityName, id: string): RecordPlace | null;
  /**
   * A visit's place and review state in one read, no JSON parsed in JS: a new child's check of
   * its visit, and the review and comment gates' look at it (server/sync/review-rules.ts).
   */
  visitPlace(visitId: string): VisitPlace | null;
  /** Every child row of a visit (photos, checklist items, follow-ups …), deleted ones included. */
  childrenOfVisit(visitId: string): StoredRecord[];
  /**
   * The same rows without their data: what a visit's delete or restore cascade needs, so it
   * never holds the content of all of a visit's children at once.
   */
  childStates(visitId: string): ChildState[];
  /** Sets a record's delete flags under a new seq and version, its data untouched (the cascade). */
  setDeleted(
    entity: EntityName,
    id: string,
    s: {
      deleted: boolean;
      byCascade: boolean;
      seq: number;
      updatedBy: string | null;
      updatedAt?: string | null;
    },
  ): void;
  /**
   * Inserts or updates the record (entity, id, site, visit and createdSeq never change) and
   * charges its writer (`updatedBy`) with the change in stored bytes: growth counts, shrinking
   * frees, so the accounts' totals always add up to the bytes stored. isNew: the caller read in
   * this transaction that no such row exists (its stored size is then not looked up).
   */
  writeRecord(r: StoredRecord, isNew?: boolean): void;

  conflict(id: string): StoredConflict | null;
  insertConflict(c: StoredConflict, seq: number): void;
  /** The open field conflict a later save of the same field from the same device joins, if any. */
  openFieldConflict(k: FieldConflictKey): { id: string; clientValue: unknown } | null;
  /** That conflict now holds the device's latest value, from `mutationId`, under a new seq. */
  foldConflict(
    id: string,
    to: { clientValue: unknown; mutationId: string; author: string },
    seq: number,
  ): void;
  resolveConflict(
    id: string,
    resolution: NonNullable<ConflictRecord['resolution']>,
    seq: number,
  ): void;
  insertRejection(r: StoredRejection, seq: number): void;
}

/**
 * The change feed, read outside the writer (docs/architecture.md §Pull): on a read-only
 * connection, inside ServerDb.readTx, so a page and the newest seq come from one snapshot.
 */
export interface FeedStore {
  /** The newest seq handed out, as the snapshot sees it. */
  currentSeq(): number;
  /** A cursor handed out before a restore from backup that this server no longer has (restore-marker.ts). */
  lostCursor(cursor: number): boolean;
  /**
   * Changes after the cursor in seq order — records and conflicts in the site scope (siteId
   * null: every site) and the rejections of this user — at most `limit`, and stopping before
   * `maxBytes` of rows (the first change always fits, so a single large row still moves).
   * hasMore: a change after the page exists.
   */
  page(q: {
    cursor: number;
    limit: number;
    maxBytes: number;
    userId: string;
    siteId: string | null;
  }): { changes: Change[]; hasMore: boolean };
}

/** Photo bytes bookkeeping: stored blobs, who uploaded them, open uploads. */
export interface BlobsStore {
  blob(sha: string): BlobMeta | null;
  /** Records stored bytes and their uploader (one transaction). */
  insertBlob(sha: string, size: number, mime: string, userId: string, now: string): void;
  /**
   * May this user read these bytes (docs/architecture.md §Photos)? Yes when its own upload of them
   * was verified, or when a photo row in its read scope (siteId null: every site) references the
   * hash as image or thumbnail and that row's creator sent the bytes. Deleted photos still count
   * (they can be restored); purged ones reference nothing.
   */
  mayRead(sha: string, userId: string, siteId: string | null): boolean;
  /** Photo bytes charged to the account: its verified uploads (each hash once) + its open uploads. */
  usedBytes(userId: string): number;
  upload(id: string): Upload | null;
  /**
   * The account's newest unexpired open upload of these bytes and length that no request holds
   * (no lease running at `nowMs`), if any: a POST whose answer was lost (its first chunk sent
   * with it) is found again instead of opening another.
   */
  openUpload(userId: string, sha: string, length: number, nowMs: number): Upload | null;
  insertUpload(u: Omit<Upload, 'offset'>): void;
  setOffset(id: string, offset: number): void;
  /**
   * Takes or renews the lease on an upload for `holder` until `untilMs` (epoch milliseconds):
   * true when the upload exists and no other holder's lease runs past `nowMs`. One PATCH at a
   * time per upload, across server processes.
   */
  leaseUpload(id: string, holder: string, untilMs: number, nowMs: number): boolean;
  /** Ends `holder`'s lease on an upload; another holder's lease stays. */
  releaseUpload(id: string, holder: string): void;
  /**
   * Holds the lock of these photo bytes until the transaction ends: storing them (their row and
   * the object) and deleting them after a purge take it, so the two never interleave across
   * server processes (PostgreSQL: an advisory transaction lock; SQLite: its one writer already).
   */
  lockBytes(sha: string): void;
  deleteUpload(id: string): void;
  /** Ids of uploads that expired before `now` (epoch milliseconds). */
  expiredUploads(now: number): string[];
  /** Ids of every open upload (to find temp files no upload owns). */
  uploadIds(): Set<string>;
}

/** The retention purge of deleted visits (src/server/retention.ts drives it). */
export interface RetentionStore {
  /** Ids of deleted, not yet purged visits whose delete was applied before `cutoffIso`. */
  expiredVisits(cutoffIso: string): string[];
  /** Purges one visit and its children (in the caller's transaction); returns the photo hashes they referenced. */
  purgeVisit(visitId: string): { rows: number; hashes: string[] };
  /** Forgets a blob no row references any more (its file is deleted by the caller). */
  forgetIfUnreferenced(sha: string): boolean;
  /**
   * Orphan photo bytes stored before `cutoffIso`: no row (live, deleted or restorable) references
   * them, no upload of them is open, and every device of every sender synced after they were
   * stored with an empty outbox (so no photo row for them can still arrive).
   */
  orphanBlobs(cutoffIso: string): string[];
}

/** What a record_history row says happened (docs/architecture.md §History). */
export type HistoryOp =
  | 'create'
  | 'patch'
  | 'delete'
  | 'restore'
  | 'cascade-delete'
  | 'cascade-restore'
  | 'conflict'
  | 'resolution';

/** One row of a record's history: `value` is the new value (field null: the whole record). */
export type NewHistoryEntry = {
  entity: string;
  entityId: string;
  siteId: string | null;
  visitId: string | null;
  op: HistoryOp;
  field: string | null;
  value: unknown;
  userId: string | null;
  clientId: string | null;
  at: string;
  conflictId: string | null;
};
export type HistoryEntry = NewHistoryEntry & { seq: number; valueBytes: number };

/** record_history: written with every applied write, read per record, purged with the record. */
export interface HistoryStore {
  insert(rows: readonly NewHistoryEntry[]): void;
  /** The record's rows after `afterSeq`, oldest first, at most `limit`. */
  ofRecord(entity: string, id: string, afterSeq: number, limit: number): HistoryEntry[];
  /** The field's value as the last non-conflict row before `beforeSeq` left it (null: no row). */
  valueBefore(entity: string, id: string, field: string, beforeSeq: number): unknown;
}

/** A token bucket: at most `burst` tokens, refilled at `perSecond` (docs/architecture.md §Auth). */
export type RateLimit = { burst: number; perSecond: number };

/** The token buckets of one rate limit, one per key (an address, an e-mail, a device, an account). */
export interface RateLimitStore {
  /** Takes one token; 0 when allowed, else the whole seconds until the next token. */
  take(key: string): number;
  /** Forgets a key (a successful sign-in clears its failures). */
  reset(key: string): void;
}

/** Operator tools: an online backup and a check of the sync invariants. */
export interface MaintenanceStore {
  /** Consistent online copy of the database (safe while the server runs). */
  backup(file: string): Promise<unknown>;
  checkInvariants(): Promise<InvariantReport>;
}

/** The async face of a store: each method returns a promise of what the plain one returns. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K];
};

/**
 * Everything one transaction (or one read snapshot) of the store offers. Its methods run on that
 * transaction's connection only; it must not be used after the function it was handed to settles.
 */
export type StoreTx = {
  readonly users: Async<UsersStore>;
  readonly sync: Async<SyncStore>;
  readonly feed: Async<FeedStore>;
  readonly blobs: Async<BlobsStore>;
  readonly retention: Async<RetentionStore>;
  readonly history: Async<HistoryStore>;
  /** The coordinators' activity log across sites. */
  readonly activity: Async<ActivityStore>;
  /** What the checklist template rules read (docs/architecture.md §Templates). */
  readonly templates: Async<TemplateStore>;
  /** Runs fn in a nested savepoint: when fn throws, only its writes are rolled back. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
};

/** The server's storage: what routes, sync, auth, blobs, retention and the CLI program against. */
export type ServerDb = {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly maintenance: MaintenanceStore;
  /**
   * Runs fn in one write transaction (rolled back when fn throws). Write transactions never
   * interleave: SQLite runs them one after another on its one writer connection; PostgreSQL
   * takes the seq counter's row lock as the transaction's first statement.
   */
  writeTx<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Group commit: fn runs atomically (its own SAVEPOINT, rolled back alone when it throws) inside
   * a write transaction shared with the other fns queued in the same event-loop turn; the
   * promise settles only after that transaction's COMMIT is durable. One fsync then covers
   * many concurrent requests.
   */
  groupTx<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in a read-only snapshot that never waits for or blocks the writer (SQLite: WAL read
   * transaction on the read-only connection; PostgreSQL: REPEATABLE READ READ ONLY). Every read
   * inside it sees the same committed state.
   */
  readTx<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * A write transaction for rows outside the change feed (upload progress and leases, finished
   * uploads' blob rows, a token's sliding expiry): it takes no seq (SyncStore.nextSeq throws), so
   * on PostgreSQL it neither takes nor waits for the seq counter's lock and does not queue behind
   * the process's sync writes; its own rows are kept consistent by their row locks. SQLite runs it
   * like writeTx (one writer).
   */
  writeTxOutsideFeed<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** A write transaction for the retention purge, after which freed space goes back to the disk (best effort). */
  purgeTx<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Notes a pull without pushes (SyncStore.clientPulled) for a later group commit: entries are
   * coalesced per device and written within about a second, so a pull never waits for the
   * writer; close() writes what is still pending.
   */
  notePulled(clientId: string, seen: Omit<ClientSeen, 'scopeKey'>): void;
  /**
   * The buckets of the rate limit `name` as every process serving this store sees them. SQLite
   * (one process): in this process's memory, new buckets per call. PostgreSQL: one shared table,
   * one atomic statement per take, so a burst spread over several processes is refused past the
   * limit all the same.
   */
  rateLimiter(name: string, limit: RateLimit): Async<RateLimitStore>;
  /**
   * Is this process the one that runs the periodic job `name` (the retention purge and the
   * sweeps run once, not once per process)? SQLite: always. PostgreSQL: the process holding the
   * job's advisory lock on a connection kept for the process's life; ask again before every run,
   * so a surviving process takes over when the leader's connection ends (a crash, a kill).
   */
  lead(name: string): Promise<boolean>;
  close(): Promise<void>;
};
