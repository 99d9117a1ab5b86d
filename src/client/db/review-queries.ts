// What the sync page and the visit page need to show conflicts and refused changes by name:
// each with its record, visit and site (docs/architecture.md §Errors), refused changes grouped
// by cause — a refused parent together with its children refused after it.
import type { User } from '../../shared/auth';
import {
  type ChecklistTemplate,
  ENTITY_SCHEMAS,
  type EntityName,
  Perspective,
  VisitStatus,
} from '../../shared/domain/schemas';
import { canRatePerspective, canWrite } from '../../shared/policy';
import type { ConflictRecord, MutationOp } from '../../shared/protocol';
import { PARENT_REFS } from './conflict-mutators';
import { type AppDb, type LocalRejection, TABLE_OF } from './schema';
import { openConflicts, openRejections } from './sync-queries';

type Row = Record<string, unknown>;

/** What names a record: its local row, its visit and site (each null when not on this device). */
export type RecordContext = {
  entity: string;
  record: Row | null;
  visit: { date: string } | null;
  site: { municipality: string; quarter: string } | null;
  /** A checklist item's template version, when this device holds it (its label names it). */
  template?: ChecklistTemplate | null;
};

export type Placed = {
  visitId: string | null;
  siteId: string | null;
  /** The record's parent (a child's visit, a visit's site) is on the server (pulled once). */
  parentSynced: boolean;
  /** The review state of the record's visit (a locked visit's conflicts wait, policy.ts). */
  visitStatus?: VisitStatus | null;
  /** A need's linked offer is on the server (pulled once); absent: no offer linked. */
  offerSynced?: boolean;
  ctx: RecordContext;
};

const rowOf = async (db: AppDb, entity: string, id: unknown): Promise<Row | null> =>
  entity in TABLE_OF && typeof id === 'string'
    ? (((await db.entityTable(entity as EntityName).get(id)) as Row | undefined) ?? null)
    : null;

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** The record, its visit and its site as this device holds them. */
export async function placeOf(db: AppDb, entity: string, entityId: string): Promise<Placed> {
  if (entity === 'conflictResolution') {
    const c = await db.conflicts.get(entityId);
    const inner = c ? await placeOf(db, c.entity, c.entityId) : null;
    return (
      inner ?? {
        visitId: null,
        siteId: null,
        parentSynced: false,
        ctx: { entity, record: null, visit: null, site: null },
      }
    );
  }
  const record = await rowOf(db, entity, entityId);
  const visitId = entity === 'visit' ? entityId : str(record?.['visitId']);
  const visit = entity === 'visit' ? record : visitId ? await rowOf(db, 'visit', visitId) : null;
  const siteId = entity === 'site' ? entityId : (str(visit?.['siteId']) ?? str(record?.['siteId']));
  const site = entity === 'site' ? record : siteId ? await rowOf(db, 'site', siteId) : null;
  const synced = (r: Row | null) => typeof r?.['_v'] === 'number' && r['_v'] > 0;
  const status = VisitStatus.safeParse(visit?.['status']);
  const offerId = entity === 'followUp' ? str(record?.['offerId']) : null;
  return {
    visitId,
    siteId,
    visitStatus: status.success ? status.data : null,
    ...(offerId ? { offerSynced: synced(await rowOf(db, 'offer', offerId)) } : {}),
    parentSynced: entity === 'site' || synced(entity === 'visit' ? site : visit),
    ctx: {
      entity,
      record,
      visit: visit && typeof visit['date'] === 'string' ? { date: visit['date'] } : null,
      site:
        site && typeof site['municipality'] === 'string' && typeof site['quarter'] === 'string'
          ? { municipality: site['municipality'], quarter: site['quarter'] }
          : null,
      ...(entity === 'checklistItem'
        ? {
            template: (await rowOf(
              db,
              'checklistTemplate',
              record?.['templateId'],
            )) as ChecklistTemplate | null,
          }
        : {}),
    },
  };
}

export type ConflictItem = ConflictRecord & Placed;

/** Open conflicts, oldest first, each with its record, visit and site. */
export async function openConflictsPlaced(db: AppDb): Promise<ConflictItem[]> {
  const list = await openConflicts(db);
  return Promise.all(
    list.map(async (c) => ({ ...c, ...(await placeOf(db, c.entity, c.entityId)) })),
  );
}

/** Open conflicts of one visit's records (the visit itself included), oldest first. */
export async function openConflictsOfVisit(db: AppDb, visitId: string): Promise<ConflictItem[]> {
  return (await openConflictsPlaced(db)).filter((c) => c.visitId === visitId);
}

export type RejectionItem = LocalRejection & Placed;

export type RejectionGroup = {
  /** The head's id (a stable key for lists). */
  id: string;
  /** The refused record everything else in the group depends on (its first refused change). */
  head: RejectionItem;
  /** The other refused changes: the head record's later ones and those of records below it. */
  members: RejectionItem[];
};

const keyOf = (entity: string, id: string) => `${entity}:${id}`;

/** The records above a row (its visit, its site …), nearest first. */
async function ancestorsOf(db: AppDb, entity: string, record: Row | null): Promise<string[]> {
  const out: string[] = [];
  let level: { entity: string; row: Row | null }[] = [{ entity, row: record }];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: { entity: string; row: Row | null }[] = [];
    for (const { entity: e, row } of level) {
      if (!row) continue;
      for (const ref of PARENT_REFS.filter((r) => r.child === e)) {
        const id = str(row[ref.field]);
        if (!id || out.includes(keyOf(ref.parent, id))) continue;
        out.push(keyOf(ref.parent, id));
        next.push({ entity: ref.parent, row: await rowOf(db, ref.parent, id) });
      }
    }
    level = next;
  }
  return out;
}

const order = (a: LocalRejection, b: LocalRejection) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;

/**
 * Open refused changes grouped by cause: a change whose record (or a record above it) was itself
 * refused joins the group of the topmost refused record; the rest stand alone. Oldest group first.
 */
export async function rejectionGroups(db: AppDb): Promise<RejectionGroup[]> {
  const items: RejectionItem[] = await Promise.all(
    (await openRejections(db)).map(async (r) => ({
      ...r,
      ...(await placeOf(db, r.entity, r.entityId)),
    })),
  );
  items.sort(order);
  const refused = new Set(items.map((r) => keyOf(r.entity, r.entityId)));
  const byRoot = new Map<string, RejectionItem[]>();
  for (const r of items) {
    const up = await ancestorsOf(db, r.entity, r.ctx.record);
    const root = [...up].reverse().find((k) => refused.has(k)) ?? keyOf(r.entity, r.entityId);
    byRoot.set(root, [...(byRoot.get(root) ?? []), r]);
  }
  const groups: RejectionGroup[] = [];
  for (const [root, list] of byRoot) {
    const head = list.find((r) => keyOf(r.entity, r.entityId) === root) ?? list[0]!;
    groups.push({ id: head.id, head, members: list.filter((r) => r !== head) });
  }
  return groups.sort((a, b) => order(a.head, b.head));
}

const opOf = (r: LocalRejection): MutationOp | null => {
  const op = (r.payload as { op?: unknown } | null)?.op;
  return op === 'create' || op === 'patch' || op === 'delete' || op === 'restore' ? op : null;
};

/** Refusals that a resend can overcome without an edit, when their condition has changed. */
const RETRY_CODES = new Set([
  'forbidden',
  'parent_missing',
  'not_found',
  'quota_exceeded',
  'schema_too_new',
]);

/** Refusals a person fixes by editing the record in its form. */
const FIXED_BY_EDITING = new Set(['invalid']);

/**
 * A refused create whose local record now satisfies its schema; refused for its offer link (an
 * offer the server did not know), only once the need links no offer or one the server has.
 */
function validNow(r: RejectionItem): boolean {
  if (!r.ctx.record || !(r.entity in ENTITY_SCHEMAS)) return false;
  if (r.path === 'offerId' && r.offerSynced === false) return false;
  return ENTITY_SCHEMAS[r.entity as EntityName].safeParse(r.ctx.record).success;
}

/**
 * Which refused changes of a group can be sent again now, unchanged, with a chance to succeed:
 * the role now allows the change (the one policy, src/shared/policy.ts), the parent is on the
 * server or resent first in the same group, or the refusal was a passing one (quota, server
 * version). A change that needs an edit (invalid, immutable field …) or whose data the server
 * cut short is not resent. Empty when the group's head itself cannot be resent.
 */
export function resendable(group: RejectionGroup, user: User | null): RejectionItem[] {
  if (!user) return [];
  const can = (r: RejectionItem, headResent: boolean): boolean => {
    const op = opOf(r);
    if (!op || r.entity === 'conflictResolution') return false;
    // Refused for its data: goes again once the local record (edited in its form) is valid.
    if (FIXED_BY_EDITING.has(r.code)) return op === 'create' && validNow(r);
    if (!RETRY_CODES.has(r.code)) return false;
    if ((r.payload as { truncated?: unknown } | null)?.truncated === true && op === 'patch')
      return false;
    if (!(r.entity in TABLE_OF) || (!r.ctx.record && op !== 'delete')) return false;
    const by = r.ctx.record?.['_by'] as { createdBy?: string | null } | null | undefined;
    const target = { siteId: r.siteId, createdBy: by?.createdBy ?? null };
    if (!canWrite(user, r.entity as EntityName, op, target)) return false;
    // A rating goes only from the perspective that is the person's (the server's rule too).
    const view = Perspective.safeParse(r.ctx.record?.['perspective']);
    if (r.entity === 'fieldRating' && view.success && !canRatePerspective(user, view.data))
      return false;
    if (r.code === 'parent_missing' || r.code === 'not_found') return headResent;
    return true;
  };
  const head = group.head;
  // A head refused for a missing parent goes again only once that parent is on the server.
  const headMissing = head.code === 'parent_missing' || head.code === 'not_found';
  if (!can(head, headMissing && head.parentSynced && head.code === 'parent_missing')) return [];
  return [group.head, ...group.members.filter((m) => can(m, true))];
}
