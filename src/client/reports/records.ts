// The raw records of an export (one visit, a filtered set, or everything) and the schema a
// JSON export re-parses with: the same shared zod schemas the app and the server use.
import { z } from '../../shared/zod';
import {
  ChecklistItem,
  ChecklistTemplate,
  FieldRating,
  FollowUp,
  Observation,
  Participant,
  Photo,
  Site,
  Visit,
} from '../../shared/domain/schemas';
import { ConflictRecord } from '../../shared/protocol';
import type { Lang } from '../../shared/domain/vocab';
import type { OverviewData } from '../db/report-queries';

export const EXPORT_FORMAT = 'standortbesuch-export';

export const ExportFile = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exportedAt: z.iso.datetime({ offset: true }),
  sites: z.array(Site),
  visits: z.array(Visit),
  /** Since participants became rows (docs/adr/0007); absent in files written before. */
  participants: z.array(Participant).default([]),
  checklistItems: z.array(ChecklistItem),
  observations: z.array(Observation),
  followUps: z.array(FollowUp),
  /** Photo metadata only; the bytes travel in the ZIP export. */
  photos: z.array(Photo),
  conflicts: z.array(ConflictRecord),
  /** The template versions the checklist items name; absent in files written before. */
  checklistTemplates: z.array(ChecklistTemplate).default([]),
  /** The action fields' ratings (both perspectives); absent in files written before. */
  fieldRatings: z.array(FieldRating).default([]),
});
export type ExportFile = z.infer<typeof ExportFile>;
export type ExportRecords = Omit<
  z.input<typeof ExportFile>,
  'format' | 'version' | 'exportedAt'
> & {
  participants: Participant[];
  checklistTemplates: ChecklistTemplate[];
  fieldRatings: FieldRating[];
};

/** What the data renderers (csv, json) need; a ReportModel or an OverviewModel both fit. */
export type DataModel = { lang: Lang; records: ExportRecords };

export function recordsOf(d: Omit<OverviewData, 'filter'>): ExportRecords {
  return {
    sites: d.sites,
    visits: d.visits,
    participants: d.participants,
    checklistItems: d.checklist,
    observations: d.observations,
    followUps: d.followUps,
    photos: d.photos,
    conflicts: d.conflicts,
    checklistTemplates: d.templates ?? [],
    fieldRatings: d.fieldRatings ?? [],
  };
}

export type RenderOptions = {
  signal?: AbortSignal;
  /** done of total steps; total may grow while rendering. */
  onProgress?: (done: number, total: number) => void;
};
