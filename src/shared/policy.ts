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
//   ¹ created by this user.
// A forbidden sync mutation becomes a rejection record (code 'forbidden'); a forbidden HTTP
// request is 403, or 404 when it names another site's resource (its existence is not revealed).
import type { User } from './auth';
import type { EntityName } from './domain/schemas';

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

/** target.siteId: the site the record belongs to; createdBy: the record's creator (null on create). */
export function canWrite(
  user: User,
  entity: EntityName,
  op: WriteOp,
  target: { siteId: string | null; createdBy: string | null },
): boolean {
  if (user.disabled) return false;
  if (entity === 'site') return user.role === 'coordinator';
  if (!canReadSite(user, target.siteId)) return false;
  if (entity === 'visit' && op === 'delete') {
    return (
      user.role === 'coordinator' || (target.createdBy !== null && target.createdBy === user.id)
    );
  }
  return true;
}

export const canManageUsers = (user: User) => user.role === 'coordinator' && !user.disabled;
