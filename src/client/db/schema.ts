// The one Dexie database of a user on this device. Only src/client/db imports Dexie.
// Schema versions only grow: add a version(), never edit one that has shipped.
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { EntityName, EntityOf } from '../../shared/domain/schemas';
import type { ConflictRecord, Mutation, RejectionRecord } from '../../shared/protocol';
import type { RowAuthors } from './authors';
import type { HistoryCacheRow } from './history-row';
import {
  type LegacyVisitRow,
  hasLegacyParticipants,
  splitLegacyVisit,
} from './legacy-participants';

/**
 * Local bookkeeping on every synced row: `_v` = server version last seen (0: never synced);
 * `_by` = who created and last changed it (client/db/authors.ts; not indexed, never sent).
 */
export type LocalMeta = { _v: number; _deleted: 0 | 1; _by?: RowAuthors | null };
export type Local<T> = T & LocalMeta;

export type OutboxState = 'pending' | 'acked';
export type OutboxEntry = Mutation & {
  /** For per-visit sync badges; null for records above visits (sites). */
  visitId: string | null;
  state: OutboxState;
  createdAt: number;
  serverSeq?: number;
  attempts: number;
  lastError?: string;
  /**
   * The user discarded this change (its record's create was refused): it keeps its clientSeq and
   * still goes to the server (the numbering stays gap-free), but no longer shows locally and its
   * rejection arrives already dismissed (client/db/conflict-mutators.ts discardRejection).
   */
  discarded?: 1;
};

export type MetaRow = { key: string; value: unknown };

/** Image bytes by content hash; read only by primary key (WebKit large-row trap). */
export type BlobRow = {
  sha256: string;
  data: Blob | { buf: ArrayBuffer; type: string };
  size: number;
};
export type BlobStateRow = {
  sha256: string;
  state: 'local' | 'uploading' | 'uploaded' | 'remote' | 'downloading';
  uploadUrl?: string;
  offset?: number;
  lastAccess: number;
  /** Why the server refuses these bytes for now ('photo_quota_exceeded'); cleared when an upload starts. */
  refused?: string;
  /** Byte length (so the photo budget is summed without reading `blobs`); older rows lack it. */
  size?: number;
  /** Prepared for offline work ("Für den Besuch vorbereiten"): automatic eviction skips it until then. */
  keepUntil?: number;
};

export type LocalRejection = RejectionRecord & { resolved: 0 | 1 };

/** The Dexie table of each synced entity: the one list of synced table names. */
export const TABLE_OF = {
  site: 'sites',
  visit: 'visits',
  checklistItem: 'checklistItems',
  observation: 'observations',
  followUp: 'followUps',
  photo: 'photos',
  participant: 'participants',
  checklistTemplate: 'checklistTemplates',
  reviewComment: 'reviewComments',
  offer: 'offers',
  sponsorship: 'sponsorships',
  fieldRating: 'fieldRatings',
} as const satisfies { readonly [E in EntityName]: string };
export type SyncedTable = (typeof TABLE_OF)[EntityName];
export const SYNCED_TABLES: readonly SyncedTable[] = Object.values(TABLE_OF);

/** The table of a synced entity: its records with local bookkeeping, keyed by id. */
type SyncedEntityTable<E extends EntityName> = EntityTable<Local<EntityOf<E>>, 'id'>;

/** The tables of database version 1 (kept: an upgrade starts from them; tests open a version-1 file). */
export const STORES_V1 = {
  sites: 'id, municipality, _deleted',
  visits: 'id, siteId, date, status, _deleted',
  checklistItems: 'id, visitId',
  observations: 'id, visitId, [visitId+fieldId]',
  followUps: 'id, visitId, siteId, status',
  photos: 'id, visitId, observationId, sha256',
  outbox: 'clientSeq, &id, [entity+entityId], visitId, state',
  meta: 'key',
  conflicts: 'id, entityId, status',
  rejections: 'id, entityId, resolved',
  blobs: 'sha256',
  blobState: 'sha256, state',
} as const;

export class AppDb extends Dexie {
  sites!: SyncedEntityTable<'site'>;
  visits!: SyncedEntityTable<'visit'>;
  checklistItems!: SyncedEntityTable<'checklistItem'>;
  observations!: SyncedEntityTable<'observation'>;
  followUps!: SyncedEntityTable<'followUp'>;
  photos!: SyncedEntityTable<'photo'>;
  participants!: SyncedEntityTable<'participant'>;
  checklistTemplates!: SyncedEntityTable<'checklistTemplate'>;
  reviewComments!: SyncedEntityTable<'reviewComment'>;
  offers!: SyncedEntityTable<'offer'>;
  sponsorships!: SyncedEntityTable<'sponsorship'>;
  fieldRatings!: SyncedEntityTable<'fieldRating'>;
  outbox!: EntityTable<OutboxEntry, 'clientSeq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  conflicts!: EntityTable<ConflictRecord, 'id'>;
  rejections!: EntityTable<LocalRejection, 'id'>;
  blobs!: Table<BlobRow, string>;
  blobState!: Table<BlobStateRow, string>;
  recordHistory!: Table<HistoryCacheRow, string>;

  constructor(
    name: string,
    options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
  ) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.version(1).stores(STORES_V1);
    // 2: participants become rows of their own (docs/adr/0007-participants-as-rows.md).
    this.version(2)
      .stores({ participants: 'id, visitId' })
      .upgrade((tx) => splitLegacyParticipants(tx));
    // 3: checklist template versions as synced records (docs/architecture.md §Templates).
    // Items by version: whether a version is in use is one index read (client/db/template-use.ts).
    this.version(3).stores({
      checklistTemplates: 'id, key',
      checklistItems: 'id, visitId, templateId',
    });
    // 4: review comments on a visit and its records (docs/architecture.md §Review comments).
    this.version(4).stores({ reviewComments: 'id, visitId' });
    // 5: records' histories kept for offline reading (docs/architecture.md §History).
    this.version(5).stores({ recordHistory: 'key, visitId' });
    // 6: the alliance's offers, sponsorships and action-field ratings (docs/domain.md §Offers,
    // §Ratings); follow-ups by the offer they are linked to (an offer's needs: one index read).
    this.version(6).stores({
      offers: 'id',
      sponsorships: 'id, siteId',
      fieldRatings: 'id, visitId',
      followUps: 'id, visitId, siteId, status, offerId',
    });
    installOutboxGuard(this);
  }

  /** The table of a synced entity. */
  entityTable<E extends EntityName>(entity: E): Table<Local<EntityOf<E>>, string> {
    return this[TABLE_OF[entity]] as unknown as Table<Local<EntityOf<E>>, string>;
  }
}

/**
 * Invariant I1 guard (docs/architecture.md): a synced table may only be written in a transaction that
 * also covers the outbox, so no write can bypass the mutators (CONTRIBUTING.md "One write path").
 */
function installOutboxGuard(db: Dexie): void {
  const synced = new Set<string>(SYNCED_TABLES);
  db.use({
    stack: 'dbcore',
    name: 'outbox-guard',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          if (!synced.has(name)) return table;
          return {
            ...table,
            mutate(req) {
              const idbTx = req.trans as unknown as IDBTransaction;
              if (idbTx?.objectStoreNames && !idbTx.objectStoreNames.contains('outbox')) {
                return Promise.reject(
                  new Error(`write to ${name} outside a mutator transaction (outbox not in scope)`),
                );
              }
              return table.mutate(req);
            },
          };
        },
      };
    },
  });
}

/**
 * The same database, but every table bound to `tx`. Long transaction bodies (thousands of
 * awaited operations in nested async functions) can outrun Dexie's zone tracking of native
 * await; an operation then silently starts its own implicit transaction (the outbox guard
 * catches it for synced tables, but atomicity would be gone). Bound tables never leave `tx`.
 */
export function bindToTransaction(db: AppDb, tx: Transaction): AppDb {
  const bound = Object.create(db) as AppDb;
  for (const t of db.tables)
    Object.defineProperty(bound, t.name, { value: tx.table(t.name), enumerable: true });
  return bound;
}

/**
 * A transaction over every synced table plus `more`, whose body gets the database bound to it
 * (bindToTransaction): how long transactions scope and bind their tables.
 */
export function syncedTransaction<T>(
  db: AppDb,
  mode: 'r' | 'rw',
  more: Table[],
  body: (db: AppDb) => Promise<T>,
): Promise<T> {
  const tables = [...SYNCED_TABLES.map((t) => db[t]), ...more];
  return db.transaction(mode, tables, (tx) => body(bindToTransaction(db, tx)));
}

export { dbName } from './db-name';

/**
 * Version 2 upgrade: each visit's participants list becomes participant rows with the ids the
 * server's migration gives them, so both conversions meet as the same rows; the list leaves the
 * visit row and its pulled base. Outbox entries stay as they are: the server translates a
 * schema-1 `participants` list itself (docs/adr/0007-participants-as-rows.md).
 */
async function splitLegacyParticipants(tx: Transaction): Promise<void> {
  const visits = (await tx.table('visits').toArray()) as LegacyVisitRow[];
  for (const v of visits) {
    if (!hasLegacyParticipants(v)) continue;
    const { visit, participants } = splitLegacyVisit(v);
    await tx.table('participants').bulkPut(participants);
    await tx.table('visits').put(visit);
  }
}
