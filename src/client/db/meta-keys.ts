// Keys of the `meta` table. Stored: do not rename without a migration.
export const META = {
  /** Next device sequence number (see write.ts). */
  nextClientSeq: 'nextClientSeq',
  /** This IndexedDB instance's id (UUIDv7), sent as clientId. */
  clientId: 'clientId',
  /** Last server seq fully applied locally (string) or absent. */
  cursor: 'cursor',
  /** ISO time of the last sync round that completed without error. */
  lastSyncOkAt: 'lastSyncOkAt',
  /** Last sync error: { code, message, at } or absent. */
  lastSyncError: 'lastSyncError',
  /** Bearer session of this database's account: { token, expiresAt } (src/client/session). */
  session: 'session',
  /** The signed-in account this database belongs to (User). */
  user: 'user',
  /** Epoch ms of the next automatic sync retry after a failure, or absent (sync engine). */
  syncNextRetryAt: 'syncNextRetryAt',
  /** Epoch ms the sync leader last proved it is alive (multi-tab, docs/architecture.md §Scheduling). */
  syncLeaderHeartbeatAt: 'syncLeaderHeartbeatAt',
  /**
   * Prefix of the sync journal: one row per outbox entry the server acknowledged and §Apply
   * removed, key `journal:<clientSeq, 12 digits>`, value { entry, doneAt } (sync-store.ts;
   * docs/adr/0006-device-recovery.md). Re-sent when a restored server lost them.
   */
  journalPrefix: 'journal:',
  /** The last recovery the engine did by itself: { kind, resent, at } (shown once by the UI). */
  syncNotice: 'syncNotice',
  /** Whether navigator.storage.persist() was granted; asked once. */
  persistAsked: 'persistAsked',
} as const;
