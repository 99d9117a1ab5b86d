// Opens the user's database once and hands it to the tree. The sign-in gate will
// pass the signed-in user's id as `userKey`; everything below only calls useDb().
import { type ParentProps, createContext, onCleanup, useContext } from 'solid-js';
import { AppDb, dbName } from './schema';

const DbContext = createContext<AppDb>();

export function DbProvider(props: ParentProps<{ userKey: string }>) {
  // eslint-disable-next-line solid/reactivity -- one database per mounted provider; remount to switch users
  const db = new AppDb(dbName(props.userKey));
  onCleanup(() => db.close());
  return <DbContext.Provider value={db}>{props.children}</DbContext.Provider>;
}

export function useDb(): AppDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() outside <DbProvider>');
  return db;
}
