// The server's one entry to its storage. Routes, sync, auth, blobs, retention and the CLI import
// the store from here only, never from store/sqlite/* directly: they program against ServerDb and
// the domain types in ./types, and only ./sqlite knows tables, columns and SQL.
import type { User } from '../../shared/auth';
import type { UserRecord } from './types';

// Only the types code outside the store uses (knip reports re-exports nobody imports); add one
// here when a caller needs it.
export type {
  AccountRecord,
  OpenInvite,
  ServerDb,
  StoredConflict,
  StoreTx,
  StoredRecord,
  Upload,
  UserRecord,
} from './types';
export { openServerDb } from './sqlite/open';

/** The user without the server-only password hash (what the API answers). */
export function publicUser(u: UserRecord): User {
  const { passwordHash: _omit, ...user } = u;
  return user;
}
