// Where the server keeps its data: DATA_DIR (default ./data) holds the SQLite file and photos/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function dataPaths(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = resolve(env['DATA_DIR'] ?? join(ROOT, 'data'));
  mkdirSync(dataDir, { recursive: true });
  return {
    dataDir,
    dbFile: join(dataDir, 'standortbesuch.sqlite'),
    photosDir: join(dataDir, 'photos'),
  };
}

/**
 * Limits that keep one account from exhausting the server (docs/architecture.md §Pull, §Push).
 * Env: PULL_PAGE_BYTES (2 MiB: a pull page stops before this many bytes of rows; a single
 * larger row still moves alone), RECORD_QUOTA_BYTES (200 MiB: stored record, conflict and
 * rejection bytes one account may add), MAX_RECORD_BYTES (1 MiB: one record's stored JSON),
 * MAX_REJECTION_PAYLOAD_BYTES (16 KiB: the part of a refused mutation a rejection keeps).
 */
export type SyncLimits = {
  pullPageBytes: number;
  recordQuotaBytes: number;
  maxRecordBytes: number;
  maxRejectionPayloadBytes: number;
};

function syncLimits(env: NodeJS.ProcessEnv = process.env): SyncLimits {
  const size = (name: string, fallback: number) => {
    const v = Number(env[name]);
    return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
  };
  return {
    pullPageBytes: size('PULL_PAGE_BYTES', 2 * 1024 * 1024),
    recordQuotaBytes: size('RECORD_QUOTA_BYTES', 200 * 1024 * 1024),
    maxRecordBytes: size('MAX_RECORD_BYTES', 1024 * 1024),
    maxRejectionPayloadBytes: size('MAX_REJECTION_PAYLOAD_BYTES', 16 * 1024),
  };
}

/** The limits of this process, read once from its environment; tests may assign fields. */
export const SYNC_LIMITS: SyncLimits = syncLimits();
