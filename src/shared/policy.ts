// Who may do what: the one place that decides, used by every route and by every sync mutation.
//
//   resource                     member          quartiersmanagement (siteId S)   coordinator
//   site: read                   all             only site S                      all
//   site: create/patch/delete/   –               –                                yes
//         restore
//   visit: read                  all             visits of S                      all
//   visit: create/patch          any site        only in S                        any site
//   visit: delete                own visits¹     own visits¹ in S                 any
//   visit: restore               any visit       visits of S                      any
//                                (undoing a delete loses nothing, and lets the author of unseen
//                                edits that a visit delete swept away bring them back)
//   checklistTemplate: read      all             all                              all
//   checklistTemplate: create/   –               –                                yes
//         patch/delete/restore
//   checklistItem, observation,  any visit       visits of S                      any visit
//   followUp, photo, participant:
//   read/create/patch/delete/restore
//   conflict: read/resolve       where the entity is readable / writable (patch) by the user
//   rejection: read              only the user's own rejections
//   users API                    –               –                                yes
//   blob HEAD/GET                the user sent those bytes (verified upload), or a photo row the
//                                user can read references the hash and its creator sent them
//                                (docs/architecture.md §Photos step 6; store: blobs.mayRead)
//   blob upload                  any signed-in user (no-transfer dedupe only for readers)
//   reviewComment: create        where the visit is writable; visitors not on an approved visit
//                                (they may still explain a submitted one to its reviewer)
//   reviewComment: text          its author only, where it may comment
//   reviewComment: resolved,     its author or a coordinator, where it may comment
//         delete, restore
//   offer: read                  all             all                              all
//   offer: create                yes             –                                yes
//   offer: patch/delete/restore  own offers¹     –                                any
//   sponsorship: read/write      any site        only site S                      any site
//   fieldRating: read            all             ratings of visits of S           all
//   fieldRating: write           outside view    local view (self-assessment),    both views
//                                (any visit)     visits of S                      (any visit)
//   followUp tracking fields     where the follow-up is writable, also on a locked visit: an
//         (FOLLOW_UP_TRACKING)   advisory need is worked on after its visit is reviewed
//   cross-site overview          –               –                                yes
//   activity log (all sites)     –               –                                yes
//   new observations start as    outside view    local view (Innensicht)          outside view
//   ¹ created by this user.
// A disabled account, and a quartiersmanagement account without a site, may write nothing.
// Review (docs/architecture.md §Review): visitors (member, quartiersmanagement at its site) move
// a visit planned → in-progress → submitted, a returned one back to in-progress or submitted, and
// withdraw a submission (submitted → in-progress) before it is reviewed; coordinators set any
// state (approve, return, reopen). A submitted, done or approved visit and its children are
// locked for everyone but coordinators (visitStatusTargets, isVisitLocked).
// The server enforces these rules; the app asks the same functions to offer only what they
// allow (docs/architecture.md §Auth).
// A forbidden sync mutation becomes a rejection record (code 'forbidden'); a forbidden HTTP
// request is 403, or 404 when it names another site's resource (its existence is not revealed).
import type { User } from './auth';
import type { EntityName, Observation, Perspective, VisitStatus } from './domain/schemas';
import { VISIT_STATUSES } from './domain/vocab';

export type WriteOp = 'create' | 'patch' | 'delete' | 'restore';

/** The scope of a user's reads: null = every site. */
export function readScope(user: User): { siteId: string | null } {
  return { siteId: user.role === 'quartiersmanagement' ? (user.siteId ?? '\u0000no-site') : null };
}

/** A key that changes whenever the user's read scope changes (a device must then reset). */
export function scopeKey(user: User): string {
  return readScope(user).siteId ?? '*';
}

export function canReadSite(user: User, siteId: string | null): boolean {
  const scope = readScope(user).siteId;
  return scope === null || scope === siteId;
}

/** May the user read a record placed at `siteId`? Records without a site (templates): everyone. */
export function canReadRecord(user: User, siteId: string | null): boolean {
  return siteId === null || canReadSite(user, siteId);
}

/** The coordinating office's own powers (templates, accounts, the views across sites): enabled coordinators. */
const isActiveCoordinator = (user: User) => user.role === 'coordinator' && !user.disabled;

/** May the user create, edit, publish or retire checklist templates (docs/architecture.md §Templates)? */
export const canEditTemplates = isActiveCoordinator;

/** target.siteId: the site the record belongs to; createdBy: the record's creator (null on create). */
export function canWrite(
  user: User,
  entity: EntityName,
  op: WriteOp,
  target: { siteId: string | null; createdBy: string | null },
): boolean {
  if (user.disabled) return false;
  if (entity === 'site') return user.role === 'coordinator';
  if (entity === 'checklistTemplate') return canEditTemplates(user);
  if (entity === 'offer') return mayWriteOffer(user, op, target.createdBy);
  if (!canReadSite(user, target.siteId)) return false;
  // Deleting a visit, and changing, resolving, deleting or restoring a review comment (so also
  // deciding its conflicts; a comment belongs to whoever wrote it, canEditCommentText), is for
  // the record's creator and coordinators.
  if ((entity === 'visit' && op === 'delete') || (entity === 'reviewComment' && op !== 'create'))
    return user.role === 'coordinator' || isCreator(user, target.createdBy);
  return true;
}

/**
 * Offers are the alliance members' catalogue (docs/domain.md §Offers): members and coordinators
 * register them; the owner (its creator) or a coordinator changes, retires or deletes one. A
 * Quartiersmanagement account reads the catalogue but offers nothing itself.
 */
function mayWriteOffer(user: User, op: WriteOp, createdBy: string | null): boolean {
  if (user.role === 'coordinator') return true;
  if (user.role !== 'member') return false;
  return op === 'create' || isCreator(user, createdBy);
}

/** May the user change this offer (edit, retire, delete)? Its owner or a coordinator. */
export function mayEditOffer(user: User, offer: { createdBy: string | null }): boolean {
  return canWrite(user, 'offer', 'patch', { siteId: null, createdBy: offer.createdBy });
}

/**
 * Whose view a rating of an action field is (docs/domain.md §Ratings): the Quartiersmanagement
 * gives the local self-assessment, the visiting members the outside view; coordinators both.
 */
export function canRatePerspective(user: User, perspective: Perspective): boolean {
  if (user.disabled) return false;
  if (user.role === 'coordinator') return true;
  return perspective === (user.role === 'quartiersmanagement' ? 'local' : 'outside');
}

/**
 * The fields of a follow-up that keep being worked on after its visit is submitted or approved:
 * its status (and the day it closed), owner, due date and the link to an alliance offer.
 */
export const FOLLOW_UP_TRACKING = [
  'status',
  'closedAt',
  'owner',
  'dueDate',
  'offerId',
  'matchStatus',
  'matchNote',
] as const;

/** Is `field` one of a follow-up's tracking fields (FOLLOW_UP_TRACKING)? */
export const isTrackingField = (field: string): boolean =>
  (FOLLOW_UP_TRACKING as readonly string[]).includes(field);

/** Does a follow-up patch change only tracking fields (then a locked visit does not hold it)? */
export function isTrackingPatch(fields: Record<string, unknown>): boolean {
  const keys = Object.keys(fields);
  return keys.length > 0 && keys.every(isTrackingField);
}

/** May the user change a follow-up's tracking fields (status, owner, due date, offer link)? */
export function mayTrackFollowUp(user: User, followUp: { siteId: string }): boolean {
  return canWrite(user, 'followUp', 'patch', { siteId: followUp.siteId, createdBy: null });
}

/** Did the user create the record (createdBy null: unknown, never)? */
const isCreator = (user: User, createdBy: string | null) =>
  createdBy !== null && createdBy === user.id;

export const canManageUsers = isActiveCoordinator;

/** May the user create a record of `entity` at site `siteId` (for a site: any new site)? */
export function canCreate(user: User, entity: EntityName, at: { siteId: string | null }): boolean {
  return canWrite(user, entity, 'create', { siteId: at.siteId, createdBy: null });
}

/** May the user create, edit, delete or restore sites? */
export const canEditSite = (user: User) =>
  canWrite(user, 'site', 'patch', { siteId: null, createdBy: null });

/** May the user delete this visit (createdBy: who created it; null when unknown)? */
export function mayDeleteVisit(
  user: User,
  visit: { siteId: string; createdBy: string | null },
): boolean {
  return canWrite(user, 'visit', 'delete', visit);
}

/** The sites at which the user may start a visit. */
export function visitSites<S extends { id: string }>(user: User, sites: readonly S[]): S[] {
  return sites.filter((s) => canCreate(user, 'visit', { siteId: s.id }));
}

/**
 * May the user decide a conflict on this record (the resolution is a patch, or a restore of
 * a deleted record, of the record at `siteId`)? visitStatus: the state of the visit the record
 * belongs to (a locked visit's conflicts wait for a coordinator or a return, except one on a
 * follow-up's tracking `field`, which stays writable); perspective: a rating's, decided only by
 * who may give it (canRatePerspective).
 */
export function canResolveConflict(
  user: User,
  entity: EntityName,
  target: {
    siteId: string | null;
    createdBy: string | null;
    visitStatus?: VisitStatus | null;
    field?: string | null;
    perspective?: Perspective | null;
  },
): boolean {
  const tracking = entity === 'followUp' && !!target.field && isTrackingField(target.field);
  if (target.visitStatus && isVisitLocked(user, target.visitStatus) && !tracking) return false;
  if (
    entity === 'fieldRating' &&
    target.perspective &&
    !canRatePerspective(user, target.perspective)
  )
    return false;
  return canWrite(user, entity, 'patch', target) && canWrite(user, entity, 'restore', target);
}

/** The cross-site overview: the coordinating office's view of every site. */
export const canSeeOverview = isActiveCoordinator;

/** The activity log across sites: who changed what, when, everywhere (docs/architecture.md §History). */
export const canSeeActivity = isActiveCoordinator;

/** Where a new observation starts: the local manager records the local view. */
export function defaultPerspective(role: User['role']): Observation['perspective'] {
  return role === 'quartiersmanagement' ? 'local' : 'outside';
}

/** The review states a visitor moves a visit to, by the state it is in (legacy done = submitted). */
const VISITOR_TARGETS: Partial<Record<VisitStatus, readonly VisitStatus[]>> = {
  planned: ['in-progress'],
  'in-progress': ['submitted'],
  returned: ['in-progress', 'submitted'],
  submitted: ['in-progress'],
  done: ['in-progress'],
};
/** A coordinator's targets: every state in the vocabulary's order but the legacy done. */
const ANY_STATE = (Object.keys(VISIT_STATUSES) as VisitStatus[]).filter((s) => s !== 'done');

/**
 * The states the user may move a visit at `siteId` (omitted: the user's own site binding) from
 * `from` to; not `from` itself, and never the legacy `done`. A new visit moves from planned.
 */
export function visitStatusTargets(
  user: User,
  from: VisitStatus,
  siteId: string | null = user.siteId,
): VisitStatus[] {
  if (!canWrite(user, 'visit', 'patch', { siteId, createdBy: null })) return [];
  const targets = user.role === 'coordinator' ? ANY_STATE : (VISITOR_TARGETS[from] ?? []);
  return targets.filter((s) => s !== from);
}

/**
 * May the user move a visit from `from` to `to`? The targets above, and the legacy `done` where the
 * user may submit or work on the visit: app versions from before the review loop still send `done`
 * when a visit is finished (and data made with them carries it), so their queued changes are not
 * refused for it; a `done` visit is treated as submitted. The app itself never offers `done`.
 */
export function mayMoveVisit(
  user: User,
  from: VisitStatus,
  to: VisitStatus,
  siteId: string | null = user.siteId,
): boolean {
  const targets = visitStatusTargets(user, from, siteId);
  if (to === 'done' && from !== 'done')
    return targets.includes('submitted') || targets.includes('in-progress');
  return targets.includes(to);
}

/** True: the user may not change a visit in `status` or its children (only its status, as above). */
export function isVisitLocked(user: User, status: VisitStatus): boolean {
  if (user.disabled) return true;
  if (user.role === 'coordinator') return false;
  return status === 'submitted' || status === 'done' || status === 'approved';
}

/** May the user edit the visit's fields and its children (add, change, delete, restore)? */
export function mayEditVisitContent(
  user: User,
  visit: { siteId: string; status: VisitStatus },
): boolean {
  return (
    canWrite(user, 'visit', 'patch', { siteId: visit.siteId, createdBy: null }) &&
    !isVisitLocked(user, visit.status)
  );
}

/**
 * May the user write review comments (new ones and replies) on this visit? Comments are the
 * conversation about the review, so a submitted visit still takes them (a visitor explains, the
 * reviewer asks); an approved one is closed to everyone but coordinators.
 */
export function canComment(user: User, visit: { siteId: string; status: VisitStatus }): boolean {
  if (!canCreate(user, 'reviewComment', { siteId: visit.siteId })) return false;
  return user.role === 'coordinator' || visit.status !== 'approved';
}

/** May the user change this comment's text? Only its author (createdBy), where it may comment. */
export function canEditCommentText(
  user: User,
  visit: { siteId: string; status: VisitStatus },
  comment: { createdBy: string | null },
): boolean {
  return canComment(user, visit) && isCreator(user, comment.createdBy);
}

/** May the user mark this comment done (resolved) or open again, or delete it? Author or coordinator. */
export function canSettleComment(
  user: User,
  visit: { siteId: string; status: VisitStatus },
  comment: { createdBy: string | null },
): boolean {
  return (
    canComment(user, visit) &&
    canWrite(user, 'reviewComment', 'patch', { siteId: visit.siteId, createdBy: comment.createdBy })
  );
}
