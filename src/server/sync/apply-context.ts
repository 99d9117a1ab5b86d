// What applying one mutation needs to know: the push's transaction, who pushes from which device, the
// server time and the cursor this push writes at. Its own module so that apply-mutation.ts
// and resolve-conflict.ts both use it without importing each other.
import type { User } from '../../shared/auth';
import type { SyncLimits } from '../config';
import type { StoreTx } from '../store/store';
import type { VisitPlace } from '../store/types';

/** cursor: the request's pull cursor — everything up to it had reached the device before this push. */
export type ApplyContext = {
  /** The push's write transaction (ServerDb.groupTx). */
  tx: StoreTx;
  user: User;
  clientId: string;
  now: string;
  cursor: number;
  /** Record, rejection and page bounds (docs/architecture.md §Push step 3). */
  limits: SyncLimits;
  /**
   * Each mutation in its own savepoint (apply-mutation.ts). Off on a push's first run; a push in
   * which a mutation is refused after it began is run again with it on (sync-service.ts).
   */
  savepointPerMutation: boolean;
  /**
   * The pusher's record bytes as the last mutation of this push left them (apply-mutation.ts),
   * so the next one's quota check starts from it instead of reading it again; undefined: not
   * known (start of the push, or after a refusal or a rejection changed or undid bytes).
   */
  usage?: number | undefined;
  /**
   * Visits' places this push read for the children it writes (apply-mutation.ts), by visit id:
   * the children of one visit read it once. Emptied around every mutation that may write a
   * visit's row; only the entities of LEAVES_VISITS keep it.
   */
  visitPlaces?: Map<string, VisitPlace | null>;
};
