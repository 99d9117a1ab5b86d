// Writes of records with their side effects, shared by mutations and conflict resolutions:
// each row write takes its own seq; deleting a visit tombstones its children in the same
// transaction, restoring it brings back exactly the children that the cascade removed. A
// record's bytes are charged to its writer by the store, a conflict's to its author here; a
// conflict names both sides by account (its author, and whoever wrote the value that stood first).
// A device's later saves of a field it is in conflict over join that open conflict (foldInto).
import { v7 as uuidv7 } from 'uuid';
import type { User } from '../../shared/auth';
import type { EntityName } from '../../shared/domain/schemas';
import type { StoreTx, StoredConflict, StoredRecord } from '../store/store';
import { type ConflictDraft, deepEqual } from '../../shared/sync/merge';
import {
  type HistoryAuthor,
  cascadeHistory,
  conflictHistory,
  writeHistory,
} from './history-writer';

export async function writeWithCascade(
  tx: StoreTx,
  before: StoredRecord | null,
  after: StoredRecord,
  by: HistoryAuthor,
): Promise<void> {
  await tx.sync.writeRecord(after, before === null);
  await writeHistory(tx, before, after, by);
  if (after.entity !== 'visit' || before === null || before.deleted === after.deleted) return;
  // Flags only, never the children's data: a visit with many large children costs no memory here.
  for (const child of await tx.sync.childStates(after.id)) {
    if (after.deleted && !child.deleted) {
      await tx.sync.setDeleted(child.entity, child.id, {
        deleted: true,
        byCascade: true,
        seq: await tx.sync.nextSeq(),
        updatedBy: after.updatedBy,
        updatedAt: after.updatedAt ?? null,
      });
      await cascadeHistory(tx, after, child, true, by);
    } else if (!after.deleted && child.deleted && child.deletedByCascade) {
      await tx.sync.setDeleted(child.entity, child.id, {
        deleted: false,
        byCascade: false,
        seq: await tx.sync.nextSeq(),
        updatedBy: after.updatedBy,
        updatedAt: after.updatedAt ?? null,
      });
      await cascadeHistory(tx, after, child, false, by);
    }
  }
}

/**
 * The account whose value stood first: a deleted record's deleter; else the account of the device
 * that last wrote the field (a delete over unseen edits: the first of those fields).
 */
async function firstSide(
  tx: StoreTx,
  d: ConflictDraft,
  before: StoredRecord | null,
): Promise<string | null> {
  if (!before) return null;
  if (d.kind === 'edit_on_deleted') return before.updatedBy;
  const field =
    d.kind === 'field'
      ? d.field
      : Object.keys((d.serverValue as Record<string, unknown> | null) ?? {}).find(
          (f) => f in before.fieldWriters,
        );
  const writer = field ? before.fieldWriters[field] : undefined;
  return writer ? ((await tx.sync.client(writer))?.userId ?? null) : before.updatedBy;
}

/** Where and by whom a mutation's conflicts arose. */
type ConflictPlace = {
  entity: EntityName;
  entityId: string;
  siteId: string | null;
  mutationId: string;
  user: User;
  clientId: string;
  visitId: string | null;
  now: string;
  /** The record as it stood before the mutation (null: it did not exist). */
  before: StoredRecord | null;
};

export async function recordConflicts(
  tx: StoreTx,
  drafts: readonly ConflictDraft[],
  at: ConflictPlace,
): Promise<string[]> {
  const ids: string[] = [];
  // One after another: each conflict takes its seq in the order of the drafts.
  for (const d of drafts) ids.push(await recordConflict(tx, d, at));
  return ids;
}

async function recordConflict(tx: StoreTx, d: ConflictDraft, at: ConflictPlace): Promise<string> {
  const serverAuthorId = await firstSide(tx, d, at.before);
  const place = { entity: at.entity, id: at.entityId, siteId: at.siteId, visitId: at.visitId };
  const by = { userId: at.user.id, clientId: at.clientId, at: at.now };
  const folded = await foldInto(tx, d, at, serverAuthorId);
  if (folded) {
    // One history row per save: every value the device sent stays readable (§History).
    await conflictHistory(tx, place, d, folded, by);
    return folded;
  }
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
    authorId: at.user.id,
    serverAuthorId,
    clientId: at.clientId,
    status: 'open',
    resolution: null,
    createdAt: at.now,
  };
  await tx.sync.insertConflict(c, await tx.sync.nextSeq());
  await conflictHistory(tx, place, d, c.id, by);
  // The values a conflict keeps count towards the author's record bytes, like a record would.
  await tx.sync.addUsage(at.user.id, keptBytes(d.serverValue, d.clientValue));
  return c.id;
}

const keptBytes = (serverValue: unknown, clientValue: unknown) =>
  Buffer.byteLength(JSON.stringify([serverValue ?? null, clientValue ?? null]));

/**
 * A field conflict from the device and account of an open one over the same field of the same
 * record against the same standing value (and its writer) is the same disagreement: a later save
 * while typing, all sent on the base the person saw. That conflict takes the new value and
 * mutation under a new seq (every device pulls it again) instead of a conflict per save. Another
 * device or account, a decided conflict, or a standing value that moved on makes a new one.
 * Returns the joined conflict's id, or null.
 */
async function foldInto(
  tx: StoreTx,
  d: ConflictDraft,
  at: { entity: EntityName; entityId: string; mutationId: string; user: User; clientId: string },
  serverAuthorId: string | null,
): Promise<string | null> {
  if (d.kind !== 'field' || d.field === null) return null;
  const open = await tx.sync.openFieldConflict({
    entity: at.entity,
    entityId: at.entityId,
    field: d.field,
    clientId: at.clientId,
    authorId: at.user.id,
    serverValue: d.serverValue,
    serverAuthorId,
  });
  if (!open) return null;
  await tx.sync.foldConflict(
    open.id,
    {
      clientValue: d.clientValue,
      mutationId: at.mutationId,
      author: at.user.name || at.user.email,
    },
    await tx.sync.nextSeq(),
  );
  // Charged when the kept value grows, never refunded when it shrinks: the conflict may be one a
  // decision reopened, whose value was charged to the decider, not to this author.
  await tx.sync.addUsage(
    at.user.id,
    Math.max(
      0,
      keptBytes(d.serverValue, d.clientValue) - keptBytes(d.serverValue, open.clientValue),
    ),
  );
  return open.id;
}

/**
 * A decision on a joined conflict made by someone who saw an earlier save (`seen` is not its
 * mutation any more): the decision stands, and the latest save, which nobody deciding has seen,
 * stays open as a new conflict against the value the decision left standing — unless that value
 * is the same. Returns the new conflict's id, or null.
 */
export async function reopenUnseen(
  tx: StoreTx,
  conflict: StoredConflict,
  seen: string | undefined,
  after: {
    standing: unknown;
    serverAuthorId: string | null;
    visitId: string | null;
    now: string;
    /** The decider: the kept values count towards its record bytes (its quota bounds reopening). */
    decidedBy: string;
  },
): Promise<string | null> {
  if (seen === undefined || seen === conflict.mutationId || conflict.kind !== 'field') return null;
  if (deepEqual(after.standing ?? null, conflict.clientValue ?? null)) return null;
  const c: StoredConflict = {
    ...conflict,
    id: uuidv7(),
    serverValue: after.standing,
    serverAuthorId: after.serverAuthorId,
    status: 'open',
    resolution: null,
    createdAt: after.now,
  };
  await tx.sync.insertConflict(c, await tx.sync.nextSeq());
  const place = {
    entity: c.entity,
    id: c.entityId,
    siteId: c.siteId,
    visitId: after.visitId,
  };
  const d: ConflictDraft = {
    kind: 'field',
    field: c.field,
    serverValue: c.serverValue,
    clientValue: c.clientValue,
  };
  const by = { userId: c.authorId ?? null, clientId: c.clientId ?? null, at: after.now };
  await conflictHistory(tx, place, d, c.id, by);
  await tx.sync.addUsage(after.decidedBy, keptBytes(c.serverValue, c.clientValue));
  return c.id;
}
