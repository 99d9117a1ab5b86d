// Checklist template versions on this device (docs/architecture.md §Templates): what a new visit
// may get, and the versions a visit's items name, for the visit page and the reports.
import type { ChecklistTemplate } from '../../shared/domain/schemas';
import { availableTemplates, currentTemplates } from '../../shared/domain/template-versions';
import { isUsable } from './row-check';
import type { AppDb, Local } from './schema';

function plain(row: Local<ChecklistTemplate>): ChecklistTemplate {
  const { _v: _version, _deleted: _del, _by: _authors, ...rest } = row;
  return rest;
}

/**
 * Every version on this device that satisfies its schema, deleted ones too (a visit may still
 * name one), keyed by id. Lookups fall back to the shipped version 1 (templateVersion).
 */
export async function templateVersions(db: AppDb): Promise<Map<string, ChecklistTemplate>> {
  const rows = await db.checklistTemplates.toArray();
  return new Map(rows.filter((r) => isUsable('checklistTemplate', r)).map((r) => [r.id, plain(r)]));
}

/** The live, usable versions, or the shipped ones while the device has none yet. */
async function liveTemplates(db: AppDb): Promise<readonly ChecklistTemplate[]> {
  const rows = await db.checklistTemplates.toArray();
  return availableTemplates(
    rows.filter((r) => r._deleted !== 1 && isUsable('checklistTemplate', r)).map(plain),
  );
}

/** The templates a new visit can get, current version of each, in their order. */
export async function choosableTemplates(db: AppDb): Promise<ChecklistTemplate[]> {
  return currentTemplates(await liveTemplates(db));
}
