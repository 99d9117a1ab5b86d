// Reads an export file completely into validated data BEFORE anything is written:
// unzip, recognise, upcast, validate every record, outbox entry and photo hash.
// Any failure is a BackupFileError; the caller then writes nothing.
import { unzipSync } from 'fflate';
import { ENTITY_SCHEMAS, EntityName, patchSchema } from '../../shared/domain/schemas';
import { type Issue, zodIssues } from '../db/errors';
import {
  BACKUP_ENTITIES,
  type BackupBlob,
  type BackupData,
  type BackupRecords,
} from '../db/backup-io';
import type { OutboxEntry } from '../db/schema';
import { BackupFileError } from './errors';
import {
  BlobIndex,
  ConflictRecord,
  EXPORT_VERSION,
  LocalRejectionSchema,
  Manifest,
  ManifestHead,
  OutboxEntrySchema,
  PATHS,
  rowSchema,
} from './format';
import { type Files, readJson, upcast } from './upcast';

export type ParsedBackup = { manifest: Manifest; data: BackupData };

function prefixed(path: string, issues: Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, path: i.path ? `${path}:${i.path}` : path }));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function unzip(bytes: Uint8Array): Files {
  try {
    return unzipSync(bytes);
  } catch (e) {
    throw new BackupFileError(
      'damaged',
      [{ path: '(file)', code: 'zip', message: 'not a readable ZIP file' }],
      e,
    );
  }
}

export async function parseBackup(bytes: Uint8Array): Promise<ParsedBackup> {
  let files = unzip(bytes);
  if (!files[PATHS.manifest])
    throw new BackupFileError('foreign', [
      { path: PATHS.manifest, code: 'missing', message: 'no manifest' },
    ]);
  const head = ManifestHead.safeParse(readJson(files, PATHS.manifest));
  if (!head.success)
    throw new BackupFileError('foreign', prefixed(PATHS.manifest, zodIssues(head.error)));
  if (head.data.version > EXPORT_VERSION) {
    throw new BackupFileError('too-new', [
      { path: PATHS.manifest, code: 'version', message: `version ${head.data.version}` },
    ]);
  }
  if (head.data.version < EXPORT_VERSION) files = upcast(files, head.data.version, EXPORT_VERSION);

  const issues: Issue[] = [];
  const manifest = Manifest.safeParse(readJson(files, PATHS.manifest));
  if (!manifest.success) issues.push(...prefixed(PATHS.manifest, zodIssues(manifest.error)));

  const records = {} as Record<EntityName, unknown[]>;
  const ids = new Set<string>();
  for (const entity of BACKUP_ENTITIES) {
    const path = PATHS.records(entity);
    const parsed = rowSchema(entity).array().safeParse(readJson(files, path));
    if (!parsed.success) {
      issues.push(...prefixed(path, zodIssues(parsed.error)));
      continue;
    }
    for (const [i, r] of parsed.data.entries()) {
      const k = `${entity}:${r.id as string}`;
      if (ids.has(k))
        issues.push({ path: `${path}:${i}.id`, code: 'duplicate', message: 'duplicate id' });
      ids.add(k);
    }
    records[entity] = parsed.data;
  }

  const outbox = OutboxEntrySchema.array().safeParse(readJson(files, PATHS.outbox));
  if (!outbox.success) issues.push(...prefixed(PATHS.outbox, zodIssues(outbox.error)));
  else {
    for (const [i, e] of outbox.data.entries()) {
      const path = `${PATHS.outbox}:${i}`;
      if (e.entity === 'conflictResolution') continue;
      if (!ids.has(`${e.entity}:${e.entityId}`))
        issues.push({ path, code: 'orphan', message: 'outbox entry without its record' });
      const check =
        e.op === 'create'
          ? ENTITY_SCHEMAS[e.entity].safeParse({ ...e.fields, id: e.entityId })
          : e.op === 'patch'
            ? patchSchema(e.entity).safeParse(e.fields)
            : EntityName.safeParse(e.entity);
      if (!check.success) issues.push(...prefixed(`${path}.fields`, zodIssues(check.error)));
    }
  }

  const blobs: BackupBlob[] = [];
  const index = BlobIndex.safeParse(readJson(files, PATHS.blobIndex));
  if (!index.success) issues.push(...prefixed(PATHS.blobIndex, zodIssues(index.error)));
  else {
    for (const b of index.data) {
      const path = PATHS.blob(b.sha256);
      const data = files[path];
      if (!data) {
        issues.push({ path, code: 'missing', message: 'photo bytes missing' });
        continue;
      }
      if (data.byteLength !== b.size || (await sha256Hex(data)) !== b.sha256) {
        issues.push({ path, code: 'hash', message: 'photo bytes do not match their SHA-256' });
        continue;
      }
      blobs.push({ sha256: b.sha256, type: b.type, bytes: data });
    }
  }

  const conflicts = ConflictRecord.array().safeParse(
    files[PATHS.conflicts] ? readJson(files, PATHS.conflicts) : [],
  );
  if (!conflicts.success) issues.push(...prefixed(PATHS.conflicts, zodIssues(conflicts.error)));
  const rejections = LocalRejectionSchema.array().safeParse(
    files[PATHS.rejections] ? readJson(files, PATHS.rejections) : [],
  );
  if (!rejections.success) issues.push(...prefixed(PATHS.rejections, zodIssues(rejections.error)));

  if (
    issues.length > 0 ||
    !manifest.success ||
    !outbox.success ||
    !conflicts.success ||
    !rejections.success
  ) {
    throw new BackupFileError('invalid', issues);
  }
  return {
    manifest: manifest.data,
    data: {
      records: records as unknown as BackupRecords,
      outbox: outbox.data as OutboxEntry[],
      blobs,
      conflicts: conflicts.data,
      rejections: rejections.data,
    },
  };
}
