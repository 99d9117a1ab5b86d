// How a recorded conflict ends once a person chose `mine`, `theirs` or `edited` — the one rule the
// server (applying a 'conflictResolution' mutation), the device (resolving before the server
// confirms) and the device's rebuild of a pulled row (the queued decision as an overlay) all use.
// `mine` = the conflict's clientValue (the write that arrived second), `theirs` = the
// first-committed state the server holds.
//   kind 'field':                    mine → the client's value; edited → `value`; theirs → keep.
//   kind 'edit_on_deleted':          mine → restore + the client's values; edited → restore + `value`
//                                    (an object of fields, may be empty); theirs → stays deleted.
//   kind 'delete_with_unseen_edits': theirs → restore (the unseen edits win); mine/edited → stays
//                                    deleted.
// Object values (a create's fields carry id, visitId, …) contribute only their mutable fields.
import { ENTITY_SCHEMAS, type EntityName, IMMUTABLE_FIELDS } from '../domain/schemas';
import type { ConflictRecord } from '../protocol';

export type Resolution = 'mine' | 'theirs' | 'edited';

export type ConflictOutcome = {
  /** The record leaves its tombstone. */
  restore: boolean;
  /** Values written as a deliberate act (no merge check). */
  fields: Record<string, unknown>;
  /**
   * The first-committed values the decision keeps ('field' + 'theirs': the conflict's serverValue).
   * The server already holds them and writes nothing; a device whose row may still show its own
   * value writes them locally so the row shows the decision at once.
   */
  kept: Record<string, unknown>;
};

type ConflictFacts = Pick<
  ConflictRecord,
  'entity' | 'kind' | 'field' | 'clientValue' | 'serverValue'
>;

/**
 * The outcome of resolving conflict `c`. `deleted`: whether the record is a tombstone now (a
 * restore of a live record is no restore). `value` is only read for 'edited'.
 */
export function conflictOutcome(
  c: ConflictFacts,
  resolution: Resolution,
  value: unknown,
  deleted: boolean,
): ConflictOutcome {
  if (c.kind === 'field') {
    if (!c.field) return { restore: false, fields: {}, kept: {} };
    if (resolution === 'theirs')
      return { restore: false, fields: {}, kept: { [c.field]: c.serverValue } };
    return {
      restore: false,
      fields: { [c.field]: resolution === 'mine' ? c.clientValue : value },
      kept: {},
    };
  }
  const restores = c.kind === 'edit_on_deleted' ? resolution !== 'theirs' : resolution === 'theirs';
  const fields =
    c.kind === 'edit_on_deleted' && resolution !== 'theirs'
      ? mutableFields(c.entity, resolution === 'mine' ? c.clientValue : value)
      : {};
  return { restore: restores && deleted, fields, kept: {} };
}

/** The mutable fields of an object value (a create's fields also carry id, visitId, …). */
function mutableFields(entity: EntityName, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(([k]) => !IMMUTABLE_FIELDS[entity].includes(k)),
  );
}

/** Why a resolution cannot be applied: the reason a server rejects it and a device refuses it. */
export type ResolutionProblem = {
  code: 'invalid' | 'immutable_field';
  /** The field at fault (dot path), or null for the value as a whole. */
  path: string | null;
  message: string;
};

/**
 * Checks a decision against the WHOLE record it would leave behind (docs/architecture.md §Merge):
 * 'edited' needs a value; an 'edit_on_deleted' value is an object whose identity fields, if given,
 * equal the record's; and the record after the outcome must satisfy its entity schema, so no
 * resolution can erase a required field or store a value of the wrong type. `row` is the record
 * as it is now (without local bookkeeping). Returns null when the outcome is valid.
 */
export function resolutionProblem(
  c: ConflictFacts,
  resolution: Resolution,
  value: unknown,
  row: Record<string, unknown>,
  outcome: ConflictOutcome,
): ResolutionProblem | null {
  if (resolution === 'edited' && value === undefined && c.kind !== 'delete_with_unseen_edits')
    return { code: 'invalid', path: 'value', message: 'value: required for an edited resolution' };
  if (resolution === 'edited' && c.kind === 'edit_on_deleted') {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { code: 'invalid', path: 'value', message: 'value: expected an object of fields' };
    for (const [k, v] of Object.entries(value))
      if (IMMUTABLE_FIELDS[c.entity].includes(k) && JSON.stringify(v) !== JSON.stringify(row[k]))
        return { code: 'immutable_field', path: k, message: `${k}: may not change` };
  }
  for (const k of Object.keys(outcome.fields))
    if (IMMUTABLE_FIELDS[c.entity].includes(k))
      return { code: 'immutable_field', path: k, message: `${k}: may not change` };
  // Nothing written, nothing broken: a decision that keeps the record as it is stays possible.
  if (Object.keys(outcome.fields).length === 0 && !outcome.restore) return null;
  const whole = ENTITY_SCHEMAS[c.entity].safeParse({ ...row, ...outcome.kept, ...outcome.fields });
  if (whole.success) return null;
  const issue = whole.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : null;
  return {
    code: 'invalid',
    path,
    message: issue ? `${path ?? 'record'}: ${issue.message}` : 'invalid record',
  };
}
