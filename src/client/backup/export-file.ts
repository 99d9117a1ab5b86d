// Export entry point (lazy-loaded with fflate): everything on this device, or only what
// has not reached the server, as one versioned ZIP (format.ts).
import { zipSync } from 'fflate';
import type { AppDb } from '../db/schema';
import { BACKUP_ENTITIES, type BackupScope, readBackup } from '../db/backup-io';
import { EXPORT_FORMAT, EXPORT_VERSION, type Manifest, PATHS } from './format';

const enc = new TextEncoder();

export async function exportBackup(
  db: AppDb,
  scope: BackupScope,
  appVersion: string,
  now = new Date(),
): Promise<Uint8Array> {
  const data = await readBackup(db, scope);
  const counts: Record<string, number> = { outbox: data.outbox.length, blobs: data.blobs.length };
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  for (const entity of BACKUP_ENTITIES) {
    files[PATHS.records(entity)] = enc.encode(JSON.stringify(data.records[entity]));
    counts[entity] = data.records[entity].length;
  }
  files[PATHS.outbox] = enc.encode(JSON.stringify(data.outbox));
  files[PATHS.conflicts] = enc.encode(JSON.stringify(data.conflicts));
  files[PATHS.rejections] = enc.encode(JSON.stringify(data.rejections));
  counts.conflicts = data.conflicts.length;
  counts.rejections = data.rejections.length;
  files[PATHS.blobIndex] = enc.encode(
    JSON.stringify(
      data.blobs.map((b) => ({ sha256: b.sha256, type: b.type, size: b.bytes.byteLength })),
    ),
  );
  // JPEG does not compress: store the bytes as they are.
  for (const b of data.blobs) files[PATHS.blob(b.sha256)] = [b.bytes, { level: 0 }];
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    appVersion,
    scope,
    counts,
  };
  files[PATHS.manifest] = enc.encode(JSON.stringify(manifest, null, 2));
  return zipSync(files, { level: 6 });
}

export function exportFileName(scope: BackupScope, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `standortbesuch-${scope === 'all' ? 'alles' : 'ungesynct'}-${stamp}.zip`;
}
