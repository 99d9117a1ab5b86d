// The IndexedDB name of one user's database. Apart from the schema (which loads Dexie), so that
// the sign-in gate can read the stored session before the database code has loaded.

export function dbName(userKey: string): string {
  return `standortbesuch-${userKey}`;
}
