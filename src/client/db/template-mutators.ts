// The coordinators' template editor writes here (docs/architecture.md §Template editor): every
// change goes through the one write path, so it works offline and syncs like any record.
// A template is a KEY with numbered VERSIONS; the editor always works on the key's newest
// version. Only a draft no checklist item uses is patched; a version that left draft or that
// items use (versionFixed) never is: the edit creates the next version as a draft (same item ids,
// so checklistItemId stays deterministic) and lands there; running and finished visits keep the
// version they were made from, also visits made offline that this device has not seen.
import type { EntityOf } from '../../shared/domain/schemas';
import { RecordNotFoundError, ValidationError } from './errors';
import { newId, nowIso } from './ids';
import type { AppDb, Local } from './schema';
import { templateProblem, templateVersionId } from '../../shared/domain/template-versions';
import { type TemplateEdit, applyTemplateEdit } from './template-edits';
import { versionFixed } from './template-use';
import { type WriteOp, commit, validateCreate, validatePatch } from './write';

type Template = EntityOf<'checklistTemplate'>;
type Row = Local<Template>;

/** Every live version of template `key`, oldest first. */
export async function versionsOf(db: AppDb, key: string): Promise<Row[]> {
  const rows = await db.checklistTemplates.where('key').equals(key).toArray();
  return rows.filter((r) => r._deleted === 0).sort((a, b) => a.version - b.version);
}

async function headOf(db: AppDb, key: string): Promise<Row> {
  const head = (await versionsOf(db, key)).at(-1);
  if (!head) throw new RecordNotFoundError('checklistTemplate', key);
  return head;
}

/** The key of the template a version id belongs to. */
async function keyOf(db: AppDb, id: string): Promise<string> {
  const row = await db.checklistTemplates.get(id);
  if (!row || row._deleted === 1) throw new RecordNotFoundError('checklistTemplate', id);
  return row.key;
}

// Edits run one after another: two fields saved at once must not both decide to create the
// same next version, and each must see the other's result.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(run: () => Promise<T>): Promise<T> {
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

const patchOp = (id: string, fields: Record<string, unknown>): WriteOp => ({
  entity: 'checklistTemplate',
  op: 'patch',
  id,
  fields: validatePatch('checklistTemplate', fields),
  visitId: null,
});

/** A new template: version 1, a draft, after the existing ones. Returns its key. */
export function createTemplate(db: AppDb, title: { de: string; en: string }): Promise<Template> {
  return serial(async () => {
    const all = await db.checklistTemplates.filter((r) => r._deleted === 0).toArray();
    const key = newId();
    const row = validateCreate('checklistTemplate', {
      id: key,
      key,
      version: 1,
      title: { de: title.de.trim(), en: title.en.trim() },
      sections: [],
      items: [],
      order: all.reduce((max, r) => Math.max(max, r.order + 1), 0),
      status: 'draft',
      isDefault: false,
      createdAt: nowIso(),
    }) as Template;
    await commit(db, [
      { entity: 'checklistTemplate', op: 'create', id: key, fields: row, visitId: null },
    ]);
    return row;
  });
}

/** The rules the schema cannot say (an item's section exists), as the server checks them. */
function checked(row: Template): void {
  const p = templateProblem(row);
  if (p) throw new ValidationError('checklistTemplate', [{ ...p, code: 'custom' }]);
}

/**
 * Applies `edit` to the newest version of the template `id` belongs to. Returns the id of the
 * version that took it: the newest one while it is an unused draft, else a new draft.
 */
export function editTemplate(db: AppDb, id: string, edit: TemplateEdit): Promise<string> {
  return serial(async () => {
    const head = await headOf(db, await keyOf(db, id));
    const changed = applyTemplateEdit(head, edit);
    const { _v, _deleted, _by, ...plain } = head;
    checked({ ...plain, ...changed });
    if (!(await versionFixed(db, head))) {
      await commit(db, [patchOp(head.id, changed)]);
      return head.id;
    }
    const next = head.version + 1;
    const row = validateCreate('checklistTemplate', {
      ...plain,
      ...changed,
      id: templateVersionId(head.key, next),
      version: next,
      status: 'draft',
      createdAt: nowIso(),
    });
    await commit(db, [
      {
        entity: 'checklistTemplate',
        op: 'create',
        id: row.id as string,
        fields: row,
        visitId: null,
      },
    ]);
    return row.id as string;
  });
}

/** A fresh id for a new item or section (kept by every later version). */
export const newTemplatePartId = (): string => newId();

/** Thrown when a template without items is to be published: a visit would get an empty list. */
export class EmptyTemplateError extends Error {
  override name = 'EmptyTemplateError';
  constructor() {
    super('a template without items cannot be published');
  }
}

/**
 * Makes the newest version of the template what new visits get: it becomes published, and an
 * older published version retires, so exactly one version of a key is ever published.
 */
export function publishTemplate(db: AppDb, id: string): Promise<void> {
  return serial(async () => {
    const versions = await versionsOf(db, await keyOf(db, id));
    const head = versions.at(-1)!;
    if (head.items.length === 0) throw new EmptyTemplateError();
    const ops = versions
      .filter((v) => v !== head && v.status === 'published')
      .map((v) => patchOp(v.id, { status: 'retired' }));
    if (head.status !== 'published') ops.push(patchOp(head.id, { status: 'published' }));
    if (ops.length) await commit(db, ops);
  });
}

/** New visits no longer get the template; visits that have it keep it. */
export function retireTemplate(db: AppDb, id: string): Promise<void> {
  return serial(async () => {
    const versions = await versionsOf(db, await keyOf(db, id));
    const ops = versions
      .filter((v) => v.status === 'published')
      .map((v) => patchOp(v.id, { status: 'retired' }));
    if (ops.length) await commit(db, ops);
  });
}

/** Whether new visits get the template by default (set on every version of it). */
export function setTemplateDefault(db: AppDb, id: string, isDefault: boolean): Promise<void> {
  return serial(async () => {
    const versions = await versionsOf(db, await keyOf(db, id));
    const ops = versions
      .filter((v) => v.isDefault !== isDefault)
      .map((v) => patchOp(v.id, { isDefault }));
    if (ops.length) await commit(db, ops);
  });
}

/** Templates by key in their order (ties: German title), each with its versions, oldest first. */
export async function templatesInOrder(db: AppDb): Promise<Row[][]> {
  const rows = await db.checklistTemplates.filter((r) => r._deleted === 0).toArray();
  const byKey = new Map<string, Row[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const head = (vs: Row[]) => vs.reduce((a, b) => (b.version > a.version ? b : a));
  return [...byKey.values()]
    .map((vs) => vs.sort((a, b) => a.version - b.version))
    .sort(
      (a, b) =>
        head(a).order - head(b).order || head(a).title.de.localeCompare(head(b).title.de, 'de'),
    );
}

/**
 * Moves the template one place up (-1) or down (1) in the list new visits and the checklist
 * follow: every template gets its position as `order`, only changed versions are written.
 */
export function moveTemplate(db: AppDb, id: string, by: -1 | 1): Promise<void> {
  return serial(async () => {
    const key = await keyOf(db, id);
    const keys = await templatesInOrder(db);
    const i = keys.findIndex((vs) => vs[0]!.key === key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= keys.length) return;
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    const ops = keys.flatMap((vs, order) =>
      vs.filter((v) => v.order !== order).map((v) => patchOp(v.id, { order })),
    );
    if (ops.length) await commit(db, ops);
  });
}
