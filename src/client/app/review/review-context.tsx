// The review comments of the visit on screen, read once for the whole page (one live query) and
// read by every place that shows a thread: the visit header, each observation and follow-up
// card, each checklist item (docs/architecture.md §Review comments). The visit page's summary
// (review-summary.tsx) owns the query and publishes it here while it is mounted; a card shown
// anywhere else finds nothing and shows no comments. (A published signal instead of a context
// provider: the page's markup stays as it is, one line places the summary.)
import { createSignal, onCleanup } from 'solid-js';
import type { User } from '../../../shared/auth';
import type { CommentTarget, Visit } from '../../../shared/domain/schemas';
import { canComment } from '../../../shared/policy';
import { type CommentThread, targetKey, visitComments } from '../../db/comment-queries';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { usePolicy } from '../shell/use-policy';

export type ReviewComments = {
  visit: () => Visit;
  user: () => User | null;
  /** May the signed-in user write comments on this visit (canComment)? */
  mayComment: () => boolean;
  threadsAt: (target: CommentTarget) => CommentThread[];
  open: () => number;
  openTargets: () => CommentTarget[];
  /** The first open thread at a target (for the summary's words). */
  firstOpenAt: (target: CommentTarget) => CommentThread | undefined;
};

const [current, setCurrent] = createSignal<ReviewComments | null>(null);

/** Reads the visit's comments for as long as the calling component lives, and publishes them. */
export function createVisitReview(visit: () => Visit): ReviewComments {
  const db = useDb();
  const policy = usePolicy();
  const groups = createLiveQuery(
    () => visit().id,
    (id) => visitComments(db, id),
  );
  const threadsAt = (target: CommentTarget) =>
    groups()?.byTarget.get(targetKey(target)) ?? ([] as CommentThread[]);
  const review: ReviewComments = {
    visit,
    user: policy.user,
    mayComment: () => policy.can((u) => canComment(u, visit())),
    threadsAt,
    open: () => groups()?.open ?? 0,
    openTargets: () => groups()?.openTargets ?? [],
    firstOpenAt: (target) => threadsAt(target).find((th) => !th.root.resolved),
  };
  setCurrent(() => review);
  // A page that replaced this one may have published its own meanwhile: leave that in place.
  onCleanup(() => setCurrent((c) => (c === review ? null : c)));
  return review;
}

/** The comments of the visit on screen, or null when no visit page shows. */
export const useReviewComments = () => current();

/** The element id of a target's comments (the summary links to it). */
export const commentsAnchor = (t: CommentTarget) => `comments-${t.entity}-${t.id}`;
