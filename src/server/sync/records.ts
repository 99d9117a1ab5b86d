// Writes of records with their side effects, shared by mutations and conflict resolutions:
// each row write takes its own seq; deleting a visit tombstones its children in the same
// transaction, restoring it brings back exactly the children that the cascade removed. A
// record's bytes are charged to its writer by the store, a conflict's to its author here.
import { v7 as uuidv7 } from 'uuid';
import type { User } from '../../shared/auth';
import type { EntityName } from '../../shared/domain/schemas';
import type { ServerDb, StoredConflict, StoredRecord } from '../store/store';
import type { ConflictDraft } from '../../shared/sync/merge';

export function writeWithCascade(
  db: ServerDb,
  before: StoredRecord | null,
  after: StoredRecord,
): void {
  db.sync.writeRecord(after);
  if (after.entity !== 'visit' || before === null || before.deleted === after.deleted) return;
  // Flags only, never the children's data: a visit with many large children costs no memory here.
  for (const child of db.sync.childStates(after.id)) {
    if (after.deleted && !child.deleted) {
      db.sync.setDeleted(child.entity, child.id, {
        deleted: true,
        byCascade: true,
        seq: db.sync.nextSeq(),
        updatedBy: after.updatedBy,
        updatedAt: after.updatedAt ?? null,
      });
    } else if (!after.deleted && child.deleted && child.deletedByCascade) {
      db.sync.setDeleted(child.entity, child.id, {
        deleted: false,
        byCascade: false,
        seq: db.sync.nextSeq(),
        updatedBy: after.updatedBy,
        updatedAt: after.updatedAt ?? null,
      });
    }
  }
}

export function recordConflicts(
  db: ServerDb,
  drafts: readonly ConflictDraft[],
  at: {
    entity: EntityName;
    entityId: string;
    siteId: string | null;
    mutationId: string;
    user: User;
    now: string;
  },
): string[] {
  return drafts.map((d) => {
    const c: StoredConflict = {
      id: uuidv7(),
      entity: at.entity,
      entityId: at.entityId,
      siteId: at.siteId,
      kind: d.kind,
      field: d.field,
      serverValue: d.serverValue,
      clientValue: d.clientValue,
      mutationId: at.mutationId,
      author: at.user.name || at.user.email,
      status: 'open',
      resolution: null,
      createdAt: at.now,
    };
    db.sync.insertConflict(c, db.sync.nextSeq());
    // The values a conflict keeps count towards the author's record bytes, like a record would.
    db.sync.addUsage(
      at.user.id,
      Buffer.byteLength(JSON.stringify([d.serverValue ?? null, d.clientValue ?? null])),
    );
    return c.id;
  });
}
