// The server's rules for checklist template versions (docs/architecture.md §Templates), after
// the schema and the policy: a version names its key and version in its id, an item's section
// exists, an item id belongs to one template only (a visit's item ids are made from it), and the
// title, sections and items of a version that left draft or that checklist items use never
// change (`template_in_use`), nor does such a version become a draft again: a visit keeps the
// texts it was made with, also one made offline that the server has not seen yet.
import type { ChecklistTemplate } from '../../shared/domain/schemas';
import { isFrozenVersion, templateProblem } from '../../shared/domain/template-versions';
import type { Mutation } from '../../shared/protocol';
import type { StoredRecord } from '../store/store';
import type { ApplyContext } from './apply-context';
import { MutationRejected } from './rejection';

/** Where a template (and an offer) lives: above every site and visit, so every account reads it. */
export const SITELESS_PLACE = { siteId: null, visitId: null, parentDeleted: false } as const;

const CONTENT = ['title', 'sections', 'items'] as const;

export async function checkTemplateWrite(
  ctx: ApplyContext,
  m: Mutation,
  fields: Record<string, unknown>,
  current: StoredRecord | null,
): Promise<void> {
  if (m.op === 'delete' || m.op === 'restore') return;
  const was = current?.data as ChecklistTemplate | undefined;
  if (m.op === 'patch' && was && isFrozenVersion(was) && fields['status'] === 'draft')
    throw new MutationRejected(
      'invalid',
      `${m.entityId} was ${was.status}: it cannot become a draft again; make a new version`,
      'status',
    );
  const touches = CONTENT.filter((f) => f in fields);
  if (current && m.op === 'patch' && touches.length === 0) return;
  const next = { ...(current?.data ?? {}), ...fields } as ChecklistTemplate;
  const problem = templateProblem(next);
  if (problem) throw new MutationRejected(problem.code, problem.message, problem.path);
  const owners = await ctx.tx.templates.itemKeys();
  const index = next.items.findIndex((i) => (owners.get(i.id) ?? next.key) !== next.key);
  if (index >= 0)
    throw new MutationRejected(
      'invalid',
      `item id ${next.items[index]!.id} belongs to another template`,
      `items.${index}.id`,
    );
  if (
    current &&
    m.op === 'patch' &&
    touches.some((f) => JSON.stringify(current.data[f]) !== JSON.stringify(fields[f])) &&
    (isFrozenVersion(was!) || (await ctx.tx.templates.inUse(m.entityId)))
  )
    throw new MutationRejected(
      'template_in_use',
      `${m.entityId} is ${isFrozenVersion(was!) ? was!.status : 'used by checklist items'}: its ${touches.join(', ')} cannot change; make a new version`,
      touches[0],
    );
}
