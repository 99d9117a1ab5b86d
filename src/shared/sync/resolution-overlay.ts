// A queued conflict resolution changes its record locally before the server confirms it;
// rebuilding that record from the pulled row must show the decision too. Mirrors the server's
// resolve-conflict rules (mine = the second writer's value, theirs = the first-committed one).
import type { ConflictRecord } from '../protocol';
import type { OverlayEntry } from './rebase';

export function resolutionOverlay(c: ConflictRecord, fields: Record<string, unknown>): OverlayEntry[] {
  const resolution = fields['resolution'];
  const value = fields['value'];
  const asFields = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  if (c.kind === 'field') {
    if (!c.field || resolution === 'theirs') return [];
    return [{ op: 'patch', fields: { [c.field]: resolution === 'mine' ? c.clientValue : value } }];
  }
  const keepDeleted = c.kind === 'edit_on_deleted' ? resolution === 'theirs' : resolution === 'mine';
  if (keepDeleted) return [];
  const patch = resolution === 'edited' ? asFields(value) : c.kind === 'edit_on_deleted' ? asFields(c.clientValue) : {};
  return [{ op: 'restore', fields: {} }, { op: 'patch', fields: patch }];
}
