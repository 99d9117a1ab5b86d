// A queued conflict resolution changes its record locally before the server confirms it;
// rebuilding that record from the pulled row must show the decision too. The decision is the
// shared rule (./resolve-conflict.ts) replayed on the server's row: that row holds the
// first-committed values already, so `kept` adds nothing here.
import type { ConflictRecord } from '../protocol';
import type { OverlayEntry } from './rebase';
import { type Resolution, conflictOutcome } from './resolve-conflict';

export function resolutionOverlay(
  c: ConflictRecord,
  fields: Record<string, unknown>,
): OverlayEntry[] {
  // A decision without the value it needs is refused by the server (resolutionProblem): never
  // shown as if it had erased the field.
  if (
    fields['resolution'] === 'edited' &&
    fields['value'] === undefined &&
    c.kind !== 'delete_with_unseen_edits'
  )
    return [];
  // The base row's tombstone is not known here: a restore of a live row is a no-op in rebase().
  const { restore, fields: chosen } = conflictOutcome(
    c,
    fields['resolution'] as Resolution,
    fields['value'],
    true,
  );
  const out: OverlayEntry[] = [];
  if (restore) out.push({ op: 'restore', fields: {} });
  if (restore || Object.keys(chosen).length > 0) out.push({ op: 'patch', fields: chosen });
  return out;
}
