// A record's history kept on the device (docs/architecture.md §History): stored when the user
// prepares a visit for offline work, refreshed whenever it is fetched again, read when offline.
import type { HistoryEntry, HistoryPage } from '../../shared/history';

export type HistoryCacheRow = {
  /** `${entity}:${id}` */
  key: string;
  entity: string;
  id: string;
  /** The visit whose preparation stored it (null: a site's). */
  visitId: string | null;
  entries: HistoryEntry[];
  complete: boolean;
  created: HistoryPage['created'];
  /** Epoch ms of the fetch. */
  fetchedAt: number;
  /** Kept until then (the preparation's keep time); later a fetch may replace or drop it. */
  keepUntil: number;
};
