// Older export versions, lifted step by step to the current one before validation, so a
// file from an old device imports on a new one. Each step maps the unzipped files of
// version n to those of version n+1. Never edit a step once its version shipped.
//
// Version 0 (the first shape, before outbox and thumbnails were exported):
//   manifest.json {format, version:0, exportedAt, scope}
//   data.json     {sites, visits, checklistItems, observations, followUps, photos} (rows with _v/_deleted;
//                 photos without thumbSha256)
//   blobs/<sha256> bytes, no index (all JPEG)
// Rows that had never synced (_v 0) carried their pending state only implicitly; the upcast
// turns them into create entries (plus a delete for a tombstone) so they still reach the server.
import { ENTITY_SCHEMAS, type EntityName } from '../../shared/domain/schemas';
import { SCHEMA_VERSION } from '../../shared/protocol';
import { newId } from '../db/ids';
import { BACKUP_ENTITIES } from '../db/backup-io';
import { TABLE_OF } from '../db/schema';
import {
  type LegacyVisitRow,
  hasLegacyParticipants,
  splitLegacyVisit,
} from '../db/legacy-participants';
import { BackupFileError } from './errors';
import { EXPORT_FORMAT, PATHS } from './format';

export type Files = Record<string, Uint8Array>;

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));

export function readJson(files: Files, path: string): unknown {
  const bytes = files[path];
  if (!bytes)
    throw new BackupFileError('invalid', [{ path, code: 'missing', message: 'file missing' }]);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new BackupFileError('damaged', [{ path, code: 'json', message: 'not readable JSON' }], e);
  }
}

type Row = Record<string, unknown> & {
  id: string;
  _v?: number;
  _deleted?: number;
  createdAt?: string;
};

function v0to1(files: Files): Files {
  const manifest = readJson(files, PATHS.manifest) as { exportedAt?: unknown; scope?: unknown };
  const data = (readJson(files, 'data.json') ?? {}) as Record<string, unknown>;
  const exportedAt =
    typeof manifest.exportedAt === 'string' ? manifest.exportedAt : new Date(0).toISOString();
  const out: Files = {
    [PATHS.manifest]: json({
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt,
      appVersion: 'export-v0',
      scope: manifest.scope,
    }),
  };
  const outbox: unknown[] = [];
  let seq = 0;
  for (const entity of BACKUP_ENTITIES) {
    const rows = data[TABLE_OF[entity]];
    const list: Row[] = Array.isArray(rows) ? (rows as Row[]) : [];
    const upcast = list.map((r) =>
      entity === 'photo' && r && !('thumbSha256' in r) ? { ...r, thumbSha256: r.sha256 } : r,
    );
    out[PATHS.records(entity)] = json(upcast);
    for (const r of upcast) {
      if (!r || typeof r !== 'object' || r._v !== 0) continue;
      const { id, _v, _deleted, ...fields } = r;
      const visitId =
        entity === 'visit'
          ? id
          : entity === 'site'
            ? null
            : ((fields.visitId as string | undefined) ?? null);
      const base = {
        entity,
        entityId: id,
        baseVersion: null,
        schemaVersion: SCHEMA_VERSION,
        clientTime: r.createdAt ?? exportedAt,
        visitId,
        state: 'pending',
        createdAt: Date.parse(exportedAt) || 0,
        attempts: 0,
      };
      outbox.push({
        ...base,
        id: newId(),
        clientSeq: ++seq,
        op: 'create',
        fields: pick(entity, fields),
      });
      if (_deleted === 1)
        outbox.push({ ...base, id: newId(), clientSeq: ++seq, op: 'delete', fields: {} });
    }
  }
  out[PATHS.outbox] = json(outbox);
  const index = [];
  for (const [path, bytes] of Object.entries(files)) {
    const m = /^blobs\/([0-9a-f]{64})$/.exec(path);
    if (!m) continue;
    out[path] = bytes;
    index.push({ sha256: m[1], type: 'image/jpeg', size: bytes.byteLength });
  }
  out[PATHS.blobIndex] = json(index);
  return out;
}

/** The create payload: the record's own fields (validated later with the shared schema). */
function pick(entity: EntityName, fields: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys((ENTITY_SCHEMAS[entity] as unknown as { shape: object }).shape).filter(
    (k) => k !== 'id',
  );
  return Object.fromEntries(keys.filter((k) => k in fields).map((k) => [k, fields[k]]));
}

/**
 * Version 1 → 2: participants became rows of their own (docs/adr/0007-participants-as-rows.md).
 * Each visit's list becomes rows of records/participant.json with the deterministic ids every
 * other conversion uses (client/db/legacy-participants.ts). Queued schema-1 entries that carry
 * a list stay as they are (the server translates them); the rows of a visit that never reached
 * the server and has no such entry (a version-0 file) get create entries of their own.
 */
function v1to2(files: Files): Files {
  const manifest = readJson(files, PATHS.manifest) as Record<string, unknown>;
  const visits = readJson(files, PATHS.records('visit'));
  const path = PATHS.records('participant');
  const rows = (files[path] ? readJson(files, path) : []) as Row[];
  const outbox = (files[PATHS.outbox] ? readJson(files, PATHS.outbox) : []) as Record<
    string,
    unknown
  >[];
  if (!Array.isArray(visits) || !Array.isArray(rows) || !Array.isArray(outbox)) return files;
  const known = new Set(rows.map((r) => r?.id));
  const listed = new Set(
    outbox
      .filter((e) => e?.['entity'] === 'visit' && 'participants' in ((e['fields'] as object) ?? {}))
      .map((e) => e['entityId']),
  );
  let seq = outbox.reduce((max, e) => Math.max(max, Number(e?.['clientSeq']) || 0), 0);
  const out = (visits as LegacyVisitRow[]).map((v) => {
    if (!v || typeof v !== 'object' || !hasLegacyParticipants(v)) return v;
    const { visit, participants } = splitLegacyVisit(v);
    for (const p of participants) {
      if (known.has(p.id)) continue;
      rows.push(p as Row);
      if (v._v !== 0 || listed.has(v.id) || p._deleted) continue;
      const { id, _v, _deleted, ...fields } = p;
      outbox.push({
        id: newId(),
        clientSeq: ++seq,
        entity: 'participant',
        entityId: id,
        op: 'create',
        baseVersion: null,
        fields,
        schemaVersion: SCHEMA_VERSION,
        clientTime: (fields['createdAt'] as string) ?? new Date(0).toISOString(),
        visitId: v.id,
        state: 'pending',
        createdAt: 0,
        attempts: 0,
      });
    }
    return visit;
  });
  return {
    ...files,
    [PATHS.manifest]: json({ ...manifest, version: 2 }),
    [PATHS.records('visit')]: json(out),
    [path]: json(rows),
    [PATHS.outbox]: json(outbox),
  };
}

/**
 * Version 2 → 3: review comments and checklist template versions joined the records
 * (docs/architecture.md §Review comments, §Templates). A version-2 device had no comments and
 * only the shipped templates built into the app, so the file gets empty records of both.
 */
function v2to3(files: Files): Files {
  const manifest = readJson(files, PATHS.manifest) as Record<string, unknown>;
  const comments = PATHS.records('reviewComment');
  const templates = PATHS.records('checklistTemplate');
  return {
    ...files,
    [PATHS.manifest]: json({ ...manifest, version: 3 }),
    [comments]: files[comments] ?? json([]),
    [templates]: files[templates] ?? json([]),
  };
}

/**
 * Version 3 → 4: offers, sponsorships and action-field ratings joined the records
 * (docs/domain.md §Offers, §Ratings). A version-3 device had none: empty records of each.
 */
function v3to4(files: Files): Files {
  const manifest = readJson(files, PATHS.manifest) as Record<string, unknown>;
  const added = (['offer', 'sponsorship', 'fieldRating'] as const).map((e) => PATHS.records(e));
  return {
    ...files,
    [PATHS.manifest]: json({ ...manifest, version: 4 }),
    ...Object.fromEntries(added.map((p) => [p, files[p] ?? json([])])),
  };
}

/** UPCASTERS[n] lifts version n to n+1. */
export const UPCASTERS: Record<number, (files: Files) => Files> = {
  0: v0to1,
  1: v1to2,
  2: v2to3,
  3: v3to4,
};

export function upcast(files: Files, from: number, to: number): Files {
  let cur = files;
  for (let v = from; v < to; v++) {
    const step = UPCASTERS[v];
    if (!step)
      throw new BackupFileError('foreign', [
        { path: PATHS.manifest, code: 'version', message: `unknown export version ${v}` },
      ]);
    cur = step(cur);
  }
  return cur;
}
