// Hands the Dexie part of the app (db-kit.ts, loaded lazily) to the components that can paint
// without it: undefined while the visits list shows its first screen from a plain IndexedDB read.
import { createContext, useContext } from 'solid-js';

export type DbKit = typeof import('./db-kit');

export const DbKitContext = createContext<DbKit>();

/** The loaded Dexie part, or undefined on the first screen before it has loaded. */
export function useDbKit(): DbKit | undefined {
  return useContext(DbKitContext);
}
