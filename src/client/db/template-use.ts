// Whether checklist items on this device use a template version: the editor asks before it
// queues a change of a version's title, sections or items, which the server would refuse
// (`template_in_use`, docs/architecture.md §Templates). Items other devices have not synced yet
// are not known here; the server decides for them.
import type { ChecklistTemplate } from '../../shared/domain/schemas';
import { isFrozenVersion } from '../../shared/domain/template-versions';
import type { AppDb } from './schema';

export async function templateInUse(db: AppDb, templateId: string): Promise<boolean> {
  return (await db.checklistItems.where('templateId').equals(templateId).limit(1).count()) > 0;
}

/**
 * Whether the version's title, sections and items are fixed (the server refuses their change
 * with `template_in_use`): it left draft, or checklist items on this device use it.
 */
export async function versionFixed(
  db: AppDb,
  version: Pick<ChecklistTemplate, 'id' | 'status'>,
): Promise<boolean> {
  return isFrozenVersion(version) || (await templateInUse(db, version.id));
}
