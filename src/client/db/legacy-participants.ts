// A visit row from before participants were rows (docs/adr/0007-participants-as-rows.md) split
// into the visit without its list and one participant row per item, with the ids the server's
// migration gives the same items (`legacyParticipantId`), so every conversion meets as the
// same rows. Used by the Dexie version 2 upgrade (schema.ts) and the backup upcaster.
import { legacyParticipantId } from '../../shared/domain/legacy-participant-id';

type Item = { name?: unknown; organisation?: unknown; role?: unknown };
export type LegacyVisitRow = Record<string, unknown> & {
  id: string;
  _v?: number;
  _deleted?: number;
  participants?: unknown;
  _base?: { row: (Record<string, unknown> & { participants?: unknown }) | null; deleted: boolean };
};
export type SplitRow = Record<string, unknown> & { id: string; _v: number; _deleted: 0 | 1 };

const items = (x: unknown): Item[] =>
  Array.isArray(x) ? (x.filter((p) => p && typeof p === 'object') as Item[]) : [];
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Does this visit row (or its pulled base) still carry a participants list? */
export function hasLegacyParticipants(v: LegacyVisitRow): boolean {
  return 'participants' in v || Boolean(v._base?.row && 'participants' in v._base.row);
}

/**
 * The row as shown (pulled base plus this device's queued edits) gives the participants' values;
 * the pulled base, where there is one, gives their `_base` and `_v`, so queued edits still show as
 * this device's own. An item only the base has was removed here: a tombstone.
 */
export function splitLegacyVisit(v: LegacyVisitRow): {
  visit: LegacyVisitRow;
  participants: SplitRow[];
} {
  const createdAt = str(v['createdAt']) || new Date(0).toISOString();
  const toRow = (p: Item, i: number) => ({
    id: legacyParticipantId(v.id, i),
    visitId: v.id,
    name: str(p.name),
    organisation: str(p.organisation),
    role: str(p.role),
    order: i,
    createdAt,
  });
  const shown = items(v.participants);
  const pulled = v._base?.row ? items(v._base.row.participants) : [];
  const participants: SplitRow[] = [];
  for (let i = 0; i < Math.max(shown.length, pulled.length); i++) {
    const base = i < pulled.length ? toRow(pulled[i]!, i) : null;
    const row = i < shown.length ? toRow(shown[i]!, i) : base!;
    participants.push({
      ...row,
      // Without a pulled base (an imported row) the visit's version is the best one known.
      _v: base || !v._base ? (v._v ?? 0) : 0,
      _deleted: v._deleted === 1 || i >= shown.length ? 1 : 0,
      ...(base ? { _base: { row: base, deleted: v._base?.deleted ?? false } } : {}),
    });
  }
  const { participants: _drop, ...visit } = v;
  if (visit._base?.row) {
    const { participants: _dropBase, ...baseRow } = visit._base.row;
    visit._base = { ...visit._base, row: baseRow };
  }
  return { visit: visit as LegacyVisitRow, participants };
}
