// The account as the server sees it now replaces the one stored at sign-in when it changed (role,
// site binding, name, disabled): the screens ask the shared policy with the stored user, so a
// coordinator's change of this account reaches the app at its next sync, not at its next sign-in
// (docs/architecture.md §Auth). The stored user also names this device's own writes (_by).
import type { Session, User } from '../../shared/auth';
import { currentUser } from './current-user';
import { type Deps, saveSession } from './store';

const sameUser = (a: User, b: User) =>
  a.role === b.role &&
  a.siteId === b.siteId &&
  a.name === b.name &&
  a.email === b.email &&
  a.disabled === b.disabled;

/** The session with the server's current view of its user, stored; null when nothing changed or the server could not be asked. */
export async function refreshSessionUser(
  session: Session,
  d: Deps & { fetchImpl?: typeof fetch } = {},
): Promise<Session | null> {
  const user = await currentUser(session.token, d.fetchImpl);
  if (!user || user.id !== session.user.id || sameUser(user, session.user)) return null;
  const next = { ...session, user };
  await saveSession(next, d);
  return next;
}
