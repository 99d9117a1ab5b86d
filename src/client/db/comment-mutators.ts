// Review comments on this device (docs/architecture.md §Review comments): written like every
// record (one commit with its outbox entry), checked here against what the server will refuse,
// so a comment that points outside its visit never reaches the queue.
import type { CommentTarget, ReviewComment } from '../../shared/domain/schemas';
import { RecordNotFoundError, ValidationError } from './errors';
import { newId, nowIso } from './ids';
import { deleteRecord, patchChanged, restoreRecord } from './mutators';
import type { AppDb } from './schema';
import { commit, validateCreate } from './write';

export type CommentInput = {
  visitId: string;
  target: CommentTarget;
  text: string;
  /** The writer's display name (the account itself is recorded by the server). */
  author: string;
  /** The comment this one answers; its target is taken over. */
  replyTo?: string | null;
};

/** Adds a comment (or a reply) to a visit or one of its records. */
export async function addComment(db: AppDb, input: CommentInput): Promise<ReviewComment> {
  const visit = await db.visits.get(input.visitId);
  if (!visit || visit._deleted) throw new RecordNotFoundError('visit', input.visitId);
  const replyTo = input.replyTo ?? null;
  let target = input.target;
  if (replyTo !== null) {
    const parent = await db.reviewComments.get(replyTo);
    if (!parent || parent.visitId !== input.visitId)
      throw placeError('replyTo', 'a reply answers a comment of the same visit');
    target = parent.target;
  }
  await checkTarget(db, input.visitId, target);
  const row = validateCreate('reviewComment', {
    visitId: input.visitId,
    target,
    text: input.text,
    author: input.author,
    replyTo,
    resolved: false,
    id: newId(),
    createdAt: nowIso(),
  }) as ReviewComment;
  await commit(db, [
    { entity: 'reviewComment', op: 'create', id: row.id, fields: row, visitId: row.visitId },
  ]);
  return row;
}

/** The target must be the visit itself or a record of it on this device (the server checks again). */
async function checkTarget(db: AppDb, visitId: string, target: CommentTarget): Promise<void> {
  if (target.entity === 'visit') {
    if (target.id !== visitId) throw placeError('target', 'the target must be this visit');
    return;
  }
  const row = (await db.entityTable(target.entity).get(target.id)) as
    { visitId?: string } | undefined;
  if (!row || row.visitId !== visitId)
    throw placeError('target', 'the target must be a record of this visit');
}

const placeError = (path: string, message: string) =>
  new ValidationError('reviewComment', [{ path, code: 'invalid', message }]);

const patchComment = (
  db: AppDb,
  id: string,
  fields: Partial<Pick<ReviewComment, 'text' | 'resolved'>>,
) => patchChanged(db, 'reviewComment', id, fields);

/** Changes a comment's words (its author only: the policy and the server say so). */
export const editCommentText = (db: AppDb, id: string, text: string) =>
  patchComment(db, id, { text });

/** Marks a comment done ("Erledigt") or open again. */
export const setCommentResolved = (db: AppDb, id: string, resolved: boolean) =>
  patchComment(db, id, { resolved });

export const deleteComment = (db: AppDb, id: string) => deleteRecord(db, 'reviewComment', id);
export const restoreComment = (db: AppDb, id: string) => restoreRecord(db, 'reviewComment', id);
