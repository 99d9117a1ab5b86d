// Review comments as the visit page shows them: threads (a comment and its replies) grouped by
// what they are about, and the open ones counted (docs/architecture.md §Review comments).
import type { CommentTarget, ReviewComment } from '../../shared/domain/schemas';
import { usableRows } from './row-check';
import type { AppDb, Local } from './schema';

export type CommentRow = Local<ReviewComment>;

/** A comment and the replies to it, oldest first. Open until its first comment is resolved. */
export type CommentThread = { root: CommentRow; replies: CommentRow[] };

export type VisitComments = {
  /** Threads by targetKey, each list oldest first. */
  byTarget: ReadonlyMap<string, CommentThread[]>;
  /** Threads whose first comment is not resolved. */
  open: number;
  /** The targets with open threads, in the order their first open comment was written. */
  openTargets: CommentTarget[];
};

/** The key of a target ("observation:<id>"). */
export const targetKey = (t: CommentTarget) => `${t.entity}:${t.id}`;

const byTime = (a: ReviewComment, b: ReviewComment) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** The live comments of a visit, oldest first. */
export async function commentsOfVisit(db: AppDb, visitId: string): Promise<CommentRow[]> {
  const rows = await db.reviewComments.where('visitId').equals(visitId).toArray();
  return usableRows('reviewComment', rows).sort(byTime);
}

/**
 * Groups comments into threads. A reply whose comment is gone (deleted, or not on this device)
 * stands as a thread of its own, so no answer disappears with the question.
 */
export function groupComments(comments: readonly CommentRow[]): VisitComments {
  const sorted = [...comments].sort(byTime);
  const ids = new Set(sorted.map((c) => c.id));
  const threads = new Map<string, CommentThread>();
  const rootOf = new Map<string, string>();
  for (const c of sorted) {
    const parent = c.replyTo !== null && ids.has(c.replyTo) ? rootOf.get(c.replyTo) : undefined;
    if (parent !== undefined) {
      rootOf.set(c.id, parent);
      threads.get(parent)!.replies.push(c);
    } else {
      rootOf.set(c.id, c.id);
      threads.set(c.id, { root: c, replies: [] });
    }
  }
  const byTarget = new Map<string, CommentThread[]>();
  const openTargets: CommentTarget[] = [];
  let open = 0;
  for (const th of threads.values()) {
    const key = targetKey(th.root.target);
    byTarget.set(key, [...(byTarget.get(key) ?? []), th]);
    if (th.root.resolved) continue;
    open++;
    if (!openTargets.some((t) => targetKey(t) === key)) openTargets.push(th.root.target);
  }
  return { byTarget, open, openTargets };
}

/** The visit's comments, grouped (one live query for the whole visit page). */
export async function visitComments(db: AppDb, visitId: string): Promise<VisitComments> {
  return groupComments(await commentsOfVisit(db, visitId));
}
