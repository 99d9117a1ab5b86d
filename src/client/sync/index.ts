// Public surface of the sync engine (UI and app shell import from here only).
export { createSyncEngine, type EngineState, type SyncEngine, type SyncEngineOptions } from './engine';
export type { SyncOutcome } from './sync-loop';
export { ensureBlob, registerBlobAccess, BlobUnavailableError, type BlobAccess } from './blob-download';
export { readSyncStatus, type SyncStatusMeta, type SyncErrorInfo } from '../db/sync-store';
