// Opens the user's database once and hands it to the tree. The sign-in gate will
// pass the signed-in user's id as `userKey`; everything below only calls useDb().
import { type ParentProps, createContext, onCleanup, useContext } from 'solid-js';
import { AppDb, dbName } from './schema';

const DbContext = createContext<AppDb>();

let prepared: AppDb | undefined;

/** Makes the user's database object before its provider renders: Dexie's schema set-up is 15 to
 * 40 ms at 4× CPU, which would otherwise lengthen the task that renders the app. */
export function prepareDb(userKey: string): void {
  if (prepared?.name !== dbName(userKey)) prepared = new AppDb(dbName(userKey));
}

export function DbProvider(props: ParentProps<{ userKey: string }>) {
  // eslint-disable-next-line solid/reactivity -- one database per mounted provider; remount to switch users
  const name = dbName(props.userKey);
  const db = prepared?.name === name ? prepared : new AppDb(name);
  prepared = undefined;
  onCleanup(() => db.close());
  return <DbContext.Provider value={db}>{props.children}</DbContext.Provider>;
}

export function useDb(): AppDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() outside <DbProvider>');
  return db;
}
