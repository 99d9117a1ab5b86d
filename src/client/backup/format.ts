// The export file, version 1 (a ZIP). Stored on users' disks: change only by adding a
// version and an upcaster (upcast.ts), never by editing what version 1 means.
//
//   manifest.json        {format:'standortbesuch-export', version:1, exportedAt, appVersion, scope, counts}
//   records/<entity>.json  rows of that entity incl. local bookkeeping {_v, _deleted}
//   outbox.json          pending outbox entries of the source device (for the handover, see db/backup-io.ts)
//   blobs.json           [{sha256, type, size}] index of the photo bytes
//   blobs/<sha256>       the bytes (full image and thumbnail alike), verified by hash on import
//   conflicts.json, rejections.json  server records held on the device (optional: absent = none)
import { ENTITY_SCHEMAS, type EntityName, IsoDateTime, Sha256 } from '../../shared/domain/schemas';
import { ConflictRecord, Mutation, RecordMeta, RejectionRecord } from '../../shared/protocol';
import { z } from '../../shared/zod';

export const EXPORT_FORMAT = 'standortbesuch-export';
/**
 * 2: records/participant.json; visits no longer carry a participants list (upcast.ts v1to2).
 * 3: records/reviewComment.json and records/checklistTemplate.json, the review comments and the
 *    checklist template versions (upcast.ts v2to3).
 * 4: records/offer.json, records/sponsorship.json and records/fieldRating.json: the alliance's
 *    offers, sponsorships and action-field ratings (upcast.ts v3to4).
 */
export const EXPORT_VERSION = 4;

export const ExportScope = z.enum(['all', 'unsynced']);

export const Manifest = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: IsoDateTime,
  appVersion: z.string().max(50),
  scope: ExportScope,
  counts: z.record(z.string(), z.number().int().min(0)).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** Just enough to tell "ours, but which version" from "not ours". */
export const ManifestHead = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().min(0),
});

export const LocalMetaSchema = z.object({
  _v: z.number().int().min(0),
  _deleted: z.union([z.literal(0), z.literal(1)]),
});

/**
 * A stored row: the entity's shared schema plus the local bookkeeping, including the sync
 * engine's `_base` (the server state last pulled, src/shared/sync/rebase.ts), so a restored
 * device rebases exactly as before. Server rows may carry fields the client schema lacks: loose.
 */
export function rowSchema(entity: EntityName) {
  const base = z.object({
    row: (ENTITY_SCHEMAS[entity] as z.ZodObject).loose().nullable(),
    deleted: z.boolean(),
    meta: RecordMeta.optional(),
  });
  return (ENTITY_SCHEMAS[entity] as z.ZodObject).extend({
    ...LocalMetaSchema.shape,
    _base: base.optional(),
    // Who created and last changed the row (client/db/authors.ts): kept, so a restore still names them.
    _by: RecordMeta.nullable().optional(),
  });
}

export const OutboxEntrySchema = Mutation.extend({
  visitId: z.string().nullable(),
  state: z.enum(['pending', 'acked']),
  createdAt: z.number().int().min(0),
  serverSeq: z.number().int().optional(),
  attempts: z.number().int().min(0),
  lastError: z.string().optional(),
});

export const BlobIndexEntry = z.object({
  sha256: Sha256,
  type: z.string().regex(/^image\/[a-z0-9.+-]+$/),
  size: z.number().int().min(0),
});
export const BlobIndex = z.array(BlobIndexEntry);

export const LocalRejectionSchema = RejectionRecord.extend({
  resolved: z.union([z.literal(0), z.literal(1)]),
});
export { ConflictRecord };

export const PATHS = {
  conflicts: 'conflicts.json',
  rejections: 'rejections.json',
  manifest: 'manifest.json',
  records: (entity: EntityName) => `records/${entity}.json`,
  outbox: 'outbox.json',
  blobIndex: 'blobs.json',
  blob: (sha256: string) => `blobs/${sha256}`,
} as const;
