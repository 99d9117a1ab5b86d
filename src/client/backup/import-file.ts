// Import entry point (lazy-loaded with fflate): validate the whole file, then merge it
// into this device in one transaction (db/backup-io.ts explains the merge and handover).
import type { AppDb } from '../db/schema';
import { type ImportSummary, writeBackup } from '../db/backup-io';
import { parseBackup } from './parse';

export type ImportResult = ImportSummary & { exportedAt: string; scope: 'all' | 'unsynced' };

export async function importBackup(db: AppDb, file: Blob | Uint8Array): Promise<ImportResult> {
  const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
  const { manifest, data } = await parseBackup(bytes);
  const summary = await writeBackup(db, data);
  return { ...summary, exportedAt: manifest.exportedAt, scope: manifest.scope };
}
