// Live queries keyed by the route's :id (a site's or a visit's page).
import { useParams } from '@solidjs/router';
import type { AppDb } from '../db/schema';
import { useDb } from '../db/db-context';
import { createLiveQuery } from '../db/live';

export function useRouteRecord() {
  const db = useDb();
  const params = useParams<{ id: string }>();
  /** `query(db, id)` for the current :id, re-run when the id or the data changes. */
  const byId = <T>(query: (db: AppDb, id: string) => Promise<T>) =>
    createLiveQuery(
      () => params.id,
      (id) => query(db, id),
    );
  return { db, params, byId };
}
