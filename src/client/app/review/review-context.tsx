// The review comments of the visit on screen, read once for the whole page (one live query) and
// read by every place that shows a thread: the visit header, each observation and follow-up
// card, each checklist item (docs/architecture.md §Review comments). The visit page holds the
// query in a VisitReview around its content; a card shown anywhere else finds none and shows no
// comments.
import { type JSX, createContext, useContext } from 'solid-js';
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

const Review = createContext<ReviewComments | null>(null);

/** Reads the visit's comments for as long as the calling component lives. */
function createVisitReview(visit: () => Visit): ReviewComments {
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
  return review;
}

/** Gives everything inside the comments of `visit` (one live query for all of them). */
export function VisitReview(props: { visit: Visit; children: JSX.Element }) {
  const review = createVisitReview(() => props.visit);
  return <Review.Provider value={review}>{props.children}</Review.Provider>;
}

/** The comments of the visit on screen, or null outside a VisitReview. */
export const useReviewComments = () => useContext(Review);

/** The element id of a target's comments (the summary links to it). */
export const commentsAnchor = (t: CommentTarget) => `comments-${t.entity}-${t.id}`;
